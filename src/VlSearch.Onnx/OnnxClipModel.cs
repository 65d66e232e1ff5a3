using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// A CLIP-family dual encoder run by ONNX Runtime, loaded from a model directory in any of the supported layouts:
/// Hugging Face split towers (<c>onnx/vision_model.onnx</c> + <c>onnx/text_model.onnx</c>), Hugging Face single
/// graph (<c>onnx/model.onnx</c> with both towers), or OpenCLIP/immich (<c>visual/model.onnx</c> +
/// <c>textual/model.onnx</c>). One inference session per graph lives as long as the model.
/// </summary>
public sealed class OnnxClipModel : IEmbeddingModel
{
    private readonly List<OnnxTower> _towers;

    private OnnxClipModel(string id, string directory, ClipModelLayout layout, IImageEncoder image, ITextEncoder? text, List<OnnxTower> towers, SimilarityScale? scale)
    {
        if (text is not null && text.Dimension != image.Dimension)
        {
            throw new ModelLoadException($"The towers of {directory} disagree: images give {image.Dimension} dimensions, texts {text.Dimension}.");
        }

        Id = id;
        Directory = directory;
        Layout = layout;
        Image = image;
        Text = text;
        _towers = towers;
        Dimension = image.Dimension;
        Scale = scale ?? ModelCalibration.Read(directory) ?? SimilarityScale.Cosine;
        if (text is OnnxTextEncoder onnxText)
        {
            onnxText.Prompting = ZeroShotPromptingFiles.Read(directory);
        }
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <summary>The directory the model was loaded from.</summary>
    public string Directory { get; }

    /// <summary>The layout the directory was recognised as.</summary>
    public ClipModelLayout Layout { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public IImageEncoder Image { get; }

    /// <inheritdoc />
    public SimilarityScale Scale { get; }

    /// <inheritdoc />
    public ITextEncoder? Text { get; }

    /// <summary>The tokenizer of the text tower, or null for a visual-only model.</summary>
    public TextTokenizer? Tokenizer => (Text as OnnxTextEncoder)?.Tokenizer;

    /// <summary>Loads the model in <paramref name="directory"/>.</summary>
    /// <param name="directory">A model directory.</param>
    /// <param name="options">Device, threads, batch size and ONNX variant.</param>
    /// <param name="onWarning">Receives non-fatal problems (e.g. CUDA unavailable); defaults to standard error.</param>
    /// <param name="scale">
    /// The score scale from configuration; null reads it from the folder (<see cref="ModelCalibration"/>), else cosine.
    /// </param>
    /// <exception cref="ModelLoadException">The layout is not recognised or a file is missing or unreadable.</exception>
    public static OnnxClipModel Load(string directory, InferenceOptions? options = null, Action<string>? onWarning = null, SimilarityScale? scale = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new InferenceOptions();
        var sink = onWarning ?? (message => Console.Error.WriteLine($"warning: {message}"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Both towers hit the same problems (e.g. no CUDA); say each once.
        void Warn(string message)
        {
            if (seen.Add(message))
            {
                sink(message);
            }
        }

        if (!System.IO.Directory.Exists(directory))
        {
            throw new ModelLoadException($"Model directory not found: {directory}");
        }

        directory = Path.GetFullPath(directory);
        var suffix = VariantSuffix(options.Variant);
        var config = TokenizerFiles.ReadJson(Path.Combine(directory, "config.json"));
        // Quantized and fp16 variants give slightly different vectors: each gets its own space.
        var id = ModelId(config, directory) + (suffix.Length > 0 ? suffix.Replace('_', ':') : "");
        var dimensionHint = Int(config?["projection_dim"]) ?? Int(config?["embed_dim"]) ?? 0;
        var towers = new List<OnnxTower>();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(directory, "visual")) || System.IO.Directory.Exists(Path.Combine(directory, "textual")))
            {
                var spec = PreprocessConfig.FromOpenClip(RequireJson(Path.Combine(directory, "visual", "preprocess_cfg.json")));
                var tokenizer = TextTokenizer.Load(directory);
                var vision = OpenTower(OpenClipFile(directory, "visual", suffix, Warn), options, options.EffectiveImageThreads, Warn, towers);
                var text = OpenTower(OpenClipFile(directory, "textual", suffix, Warn), options, options.Threads, Warn, towers);
                var image = new OnnxImageEncoder(vision, spec, options.BatchSize, dimensionHint);
                return new OnnxClipModel(id, directory, ClipModelLayout.OpenClip, image,
                    new OnnxTextEncoder(text, tokenizer, options.BatchSize, image.Dimension), towers, scale);
            }

            var onnxFolder = System.IO.Directory.Exists(Path.Combine(directory, "onnx")) ? Path.Combine(directory, "onnx") : directory;
            var visionPath = Path.Combine(onnxFolder, $"vision_model{suffix}.onnx");
            var textPath = Path.Combine(onnxFolder, $"text_model{suffix}.onnx");
            var singlePath = Path.Combine(onnxFolder, $"model{suffix}.onnx");
            if (File.Exists(visionPath) || File.Exists(textPath))
            {
                var spec = PreprocessConfig.FromHuggingFace(RequireJson(Path.Combine(directory, "preprocessor_config.json")));
                var tokenizer = TextTokenizer.Load(directory);
                var vision = OpenTower(visionPath, options, options.EffectiveImageThreads, Warn, towers);
                var text = OpenTower(textPath, options, options.Threads, Warn, towers);
                var image = new OnnxImageEncoder(vision, spec, options.BatchSize, dimensionHint);
                return new OnnxClipModel(id, directory, ClipModelLayout.HuggingFace, image,
                    new OnnxTextEncoder(text, tokenizer, options.BatchSize, image.Dimension), towers, scale);
            }

            if (File.Exists(singlePath))
            {
                return LoadSingleGraph(id, directory, singlePath, options, Warn, dimensionHint, towers, scale);
            }

            var expected = Path.GetRelativePath(directory, visionPath);
            throw new ModelLoadException(
                $"No ONNX model found in {directory}: expected {expected} and {Path.GetRelativePath(directory, textPath)}, " +
                $"{Path.GetRelativePath(directory, singlePath)}, or visual/model.onnx and textual/model.onnx.");
        }
        catch
        {
            towers.ForEach(t => t.Dispose());
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _towers.ForEach(t => t.Dispose());

    private static OnnxClipModel LoadSingleGraph(
        string id, string directory, string path, InferenceOptions options, Action<string> warn, int dimensionHint, List<OnnxTower> towers, SimilarityScale? scale)
    {
        var spec = PreprocessConfig.FromHuggingFace(RequireJson(Path.Combine(directory, "preprocessor_config.json")));
        var tokenizer = TextTokenizer.Load(directory);
        var tower = OpenTower(path, options, options.Threads, warn, towers);
        var pixels = tower.FindInput("pixel_values")
            ?? throw new ModelLoadException($"{path} has no pixel_values input; a combined CLIP graph takes input_ids, pixel_values and attention_mask.");
        var textInputs = tower.Inputs.Keys.Where(k => k != pixels).ToList();

        // Each tower of the combined graph still needs inputs for the other one: a single placeholder row.
        List<PooledInput> PlaceholderPixels(int batch) =>
            [tower.CreateInput(pixels, new float[batch * spec.TensorLength], [batch, 3, spec.CropHeight, spec.CropWidth])];

        List<PooledInput> PlaceholderText(int batch)
        {
            var inputs = new List<PooledInput>();
            foreach (var name in textInputs)
            {
                var ids = new long[batch * tokenizer.ContextLength];
                var mask = new long[batch * tokenizer.ContextLength];
                tokenizer.EncodePadded("", ids.AsSpan(0, tokenizer.ContextLength), mask.AsSpan(0, tokenizer.ContextLength));
                var data = name.Contains("mask", StringComparison.OrdinalIgnoreCase) ? mask : ids;
                inputs.Add(tower.CreateInput(name, data, [batch, tokenizer.ContextLength]));
            }

            return inputs;
        }

        var image = new OnnxImageEncoder(tower, spec, options.BatchSize, dimensionHint, textInputs, PlaceholderText);
        var text = new OnnxTextEncoder(tower, tokenizer, options.BatchSize, image.Dimension, [pixels], PlaceholderPixels);
        return new OnnxClipModel(id, directory, ClipModelLayout.HuggingFace, image, text, towers, scale);
    }

    private static OnnxTower OpenTower(string path, InferenceOptions options, int threads, Action<string> warn, List<OnnxTower> towers)
    {
        var session = SessionFactory.Create(path, options, threads, warn, out var device);
        var tower = new OnnxTower(session, path) { Device = device };
        towers.Add(tower);
        return tower;
    }

    private static string OpenClipFile(string directory, string tower, string suffix, Action<string> warn)
    {
        var plain = Path.Combine(directory, tower, "model.onnx");
        if (suffix.Length == 0)
        {
            return plain;
        }

        var variant = Path.Combine(directory, tower, $"model{suffix}.onnx");
        if (File.Exists(variant))
        {
            return variant;
        }

        warn($"{Path.GetRelativePath(directory, variant)} does not exist; using {Path.GetRelativePath(directory, plain)}.");
        return plain;
    }

    private static string VariantSuffix(string? variant) => (variant ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "full" or "fp32" => "",
        "quantized" => "_quantized",
        "fp16" => "_fp16",
        var other => throw new ModelLoadException($"Unknown model variant '{other}' (expected \"\", \"quantized\" or \"fp16\")."),
    };

    private static string ModelId(JsonObject? config, string directory)
    {
        foreach (var key in new[] { "_name_or_path", "model_name", "name" })
        {
            if (config?[key] is JsonValue value && value.TryGetValue<string>(out var name) && !string.IsNullOrWhiteSpace(name) && !Path.IsPathRooted(name))
            {
                return name.Trim();
            }
        }

        return new DirectoryInfo(directory).Name;
    }

    private static JsonObject RequireJson(string path) =>
        TokenizerFiles.ReadJson(path) ?? throw new ModelLoadException($"Missing {path}.");

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var result) ? result : null;
}
