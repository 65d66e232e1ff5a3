using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VlSearch.Core;
using VlSearch.Core.Matching;

namespace VlSearch.Onnx.Matching;

/// <summary>Recognises and loads image–text matching models in the split BLIP-ITM layout (see docs/models.md).</summary>
public static class OnnxImageTextMatcherLoader
{
    /// <summary>The vision graph, relative to the model folder.</summary>
    public const string VisionFile = "onnx/vision_model.onnx";

    /// <summary>The text-and-cross-attention graph with the ITM head, relative to the model folder.</summary>
    public const string TextMatcherFile = "onnx/text_matcher.onnx";

    /// <summary>Whether <paramref name="folder"/> holds a matcher: config.json with model_type "blip" and onnx/text_matcher.onnx. Never throws.</summary>
    public static bool IsMatcherFolder(string folder) =>
        !string.IsNullOrEmpty(folder)
        && Directory.Exists(folder)
        && File.Exists(Path.Combine(folder, TextMatcherFile))
        && MatcherConfig.IsBlip(folder);

    /// <summary>Loads the matcher in <paramref name="folder"/>, checking that its files agree with each other.</summary>
    /// <param name="folder">A model folder in the split BLIP-ITM layout.</param>
    /// <param name="options">Device and threads; CUDA falls back to the CPU with a warning on standard error.</param>
    /// <exception cref="ModelLoadException">A file is missing, unreadable, or disagrees with the others; the message names it.</exception>
    public static IImageTextMatcher Load(string folder, InferenceOptions? options = null) => LoadMatcher(folder, options, null);

    /// <summary>As <see cref="Load"/>, with the concrete type and a sink for non-fatal warnings.</summary>
    internal static OnnxImageTextMatcher LoadMatcher(string folder, InferenceOptions? options, Action<string>? onWarning)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new ModelLoadException($"Model folder not found: {folder}");
        }

        folder = Path.GetFullPath(folder);
        options ??= new InferenceOptions();
        var sink = onWarning ?? (message => Console.Error.WriteLine($"warning: {message}"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Warn(string message)
        {
            if (seen.Add(message))
            {
                sink(message);
            }
        }

        var config = MatcherConfig.Read(folder);
        var tokenizer = MatcherTokenizer.Load(folder, config);
        var preprocess = ReadPreprocess(folder, config);
        var visionPath = Path.Combine(folder, VisionFile);
        var textPath = Path.Combine(folder, TextMatcherFile);
        foreach (var path in new[] { visionPath, textPath })
        {
            if (!File.Exists(path))
            {
                throw new ModelLoadException($"Missing {path}: the split BLIP-ITM layout needs {VisionFile} and {TextMatcherFile}.");
            }
        }

        OnnxTower? vision = null;
        OnnxTower? text = null;
        try
        {
            vision = Open(visionPath, options, options.EffectiveImageThreads, Warn);
            text = Open(textPath, options, options.Threads, Warn);
            var (tokens, width) = CheckVision(vision, preprocess);
            (tokens, width) = CheckTextMatcher(text, tokens, width, config.MaxTextLength, visionPath);
            if (tokens == 0 || width == 0)
            {
                (tokens, width) = Probe(vision, preprocess);
            }

            return new OnnxImageTextMatcher(config.Id, folder, vision, text, tokenizer, preprocess, tokens, width, options.BatchSize);
        }
        catch
        {
            vision?.Dispose();
            text?.Dispose();
            throw;
        }
    }

    private static PreprocessSpec ReadPreprocess(string folder, MatcherConfig config)
    {
        var path = Path.Combine(folder, "preprocessor_config.json");
        var json = TokenizerFiles.ReadJson(path) ?? throw new ModelLoadException($"Missing {path}: the matcher's image preprocessing is unknown.");
        PreprocessSpec spec;
        try
        {
            spec = PreprocessConfig.FromHuggingFace(json);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ModelLoadException($"{path} could not be read: {e.Message}", e);
        }

        if (spec.CropHeight < 1 || spec.CropWidth < 1 || spec.Std.Any(s => s == 0))
        {
            throw new ModelLoadException($"{path} gives an impossible pipeline: {spec.CropHeight}x{spec.CropWidth} pixels, std [{string.Join(", ", spec.Std)}].");
        }

        if (config.ImageSize is { } size && (spec.CropHeight != size || spec.CropWidth != size))
        {
            throw new ModelLoadException(
                $"{path} produces {spec.CropHeight}x{spec.CropWidth} images but config.json's vision_config.image_size is {size}.");
        }

        return spec;
    }

    private static OnnxTower Open(string path, InferenceOptions options, int threads, Action<string> warn)
    {
        var session = SessionFactory.Create(path, options, threads, warn, out var device);
        return new OnnxTower(session, path) { Device = device };
    }

    private static (int Tokens, int Width) CheckVision(OnnxTower vision, PreprocessSpec spec)
    {
        if (!vision.Inputs.TryGetValue(OnnxImageTextMatcher.PixelsInput, out var pixels))
        {
            throw new ModelLoadException($"{vision.Path} has no input {OnnxImageTextMatcher.PixelsInput}; found {string.Join(", ", vision.Inputs.Keys)}.");
        }

        var dims = pixels.Dimensions;
        if (dims.Length != 4 || (dims[1] > 0 && dims[1] != 3))
        {
            throw new ModelLoadException($"{vision.Path}: {OnnxImageTextMatcher.PixelsInput} has shape [{string.Join(", ", dims)}]; expected [batch, 3, height, width].");
        }

        if ((dims[2] > 0 && dims[2] != spec.CropHeight) || (dims[3] > 0 && dims[3] != spec.CropWidth))
        {
            throw new ModelLoadException(
                $"{vision.Path} takes {dims[2]}x{dims[3]} images but preprocessor_config.json produces {spec.CropHeight}x{spec.CropWidth}.");
        }

        CheckFloat(vision, OnnxImageTextMatcher.PixelsInput, pixels);
        if (!vision.Outputs.TryGetValue(OnnxImageTextMatcher.EmbedsName, out var embeds))
        {
            throw new ModelLoadException($"{vision.Path} has no output {OnnxImageTextMatcher.EmbedsName}; found {string.Join(", ", vision.Outputs.Keys)}.");
        }

        var shape = embeds.Dimensions;
        if (shape.Length != 3)
        {
            throw new ModelLoadException($"{vision.Path}: {OnnxImageTextMatcher.EmbedsName} has shape [{string.Join(", ", shape)}]; expected [batch, tokens, width].");
        }

        return (Math.Max(0, shape[1]), Math.Max(0, shape[2]));
    }

    private static (int Tokens, int Width) CheckTextMatcher(OnnxTower text, int tokens, int width, int maxTextLength, string visionPath)
    {
        var expected = new[] { OnnxImageTextMatcher.IdsInput, OnnxImageTextMatcher.MaskInput, OnnxImageTextMatcher.EmbedsName, OnnxImageTextMatcher.ImageMaskInput };
        var missing = expected.Where(name => !text.Inputs.ContainsKey(name)).ToList();
        if (missing.Count > 0 || text.Inputs.Count != expected.Length)
        {
            throw new ModelLoadException(
                $"{text.Path} has inputs {string.Join(", ", text.Inputs.Keys)}; the split BLIP-ITM layout needs exactly {string.Join(", ", expected)}.");
        }

        foreach (var name in new[] { OnnxImageTextMatcher.IdsInput, OnnxImageTextMatcher.MaskInput, OnnxImageTextMatcher.ImageMaskInput })
        {
            var meta = text.Inputs[name];
            if (meta.ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32) || meta.Dimensions.Length != 2)
            {
                throw new ModelLoadException($"{text.Path}: {name} is {meta.ElementDataType} [{string.Join(", ", meta.Dimensions)}]; expected int64 [batch, length].");
            }
        }

        var sequence = text.Inputs[OnnxImageTextMatcher.IdsInput].Dimensions[1];
        if (sequence > 0 && sequence != maxTextLength)
        {
            throw new ModelLoadException($"{text.Path} takes {sequence} tokens per text but config.json's max_text_length is {maxTextLength}.");
        }

        var embeds = text.Inputs[OnnxImageTextMatcher.EmbedsName];
        CheckFloat(text, OnnxImageTextMatcher.EmbedsName, embeds);
        var dims = embeds.Dimensions;
        if (dims.Length != 3)
        {
            throw new ModelLoadException($"{text.Path}: {OnnxImageTextMatcher.EmbedsName} has shape [{string.Join(", ", dims)}]; expected [batch, tokens, width].");
        }

        if ((dims[1] > 0 && tokens > 0 && dims[1] != tokens) || (dims[2] > 0 && width > 0 && dims[2] != width))
        {
            throw new ModelLoadException(
                $"The graphs disagree: {visionPath} gives image_embeds [batch, {tokens}, {width}] but {text.Path} takes [batch, {dims[1]}, {dims[2]}].");
        }

        var imageMask = text.Inputs[OnnxImageTextMatcher.ImageMaskInput].Dimensions;
        if (imageMask[1] > 0 && dims[1] > 0 && imageMask[1] != dims[1])
        {
            throw new ModelLoadException($"{text.Path}: image_attention_mask covers {imageMask[1]} tokens but image_embeds has {dims[1]}.");
        }

        if (!text.Outputs.TryGetValue(OnnxImageTextMatcher.LogitsOutput, out var logits))
        {
            throw new ModelLoadException($"{text.Path} has no output {OnnxImageTextMatcher.LogitsOutput}; found {string.Join(", ", text.Outputs.Keys)}.");
        }

        if (logits.Dimensions.Length != 2 || (logits.Dimensions[1] > 0 && logits.Dimensions[1] != 2))
        {
            throw new ModelLoadException($"{text.Path}: {OnnxImageTextMatcher.LogitsOutput} has shape [{string.Join(", ", logits.Dimensions)}]; expected [batch, 2] (no match, match).");
        }

        return (tokens > 0 ? tokens : Math.Max(0, dims[1]), width > 0 ? width : Math.Max(0, dims[2]));
    }

    private static void CheckFloat(OnnxTower tower, string name, NodeMetadata meta)
    {
        if (meta.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
        {
            throw new ModelLoadException($"{tower.Path}: {name} is {meta.ElementDataType}; expected float.");
        }
    }

    private static (int Tokens, int Width) Probe(OnnxTower vision, PreprocessSpec spec)
    {
        // Both graphs leave the feature shape dynamic: one black image tells it.
        var batch = Math.Max(1, vision.FixedBatch(OnnxImageTextMatcher.PixelsInput));
        using var input = vision.CreateInput(OnnxImageTextMatcher.PixelsInput, new float[batch * spec.TensorLength], [batch, 3, spec.CropHeight, spec.CropWidth]);
        using var runOptions = new RunOptions();
        try
        {
            using var results = vision.Session.Run(runOptions, [OnnxImageTextMatcher.PixelsInput], [input.Value], [OnnxImageTextMatcher.EmbedsName]);
            var shape = results[0].GetTensorTypeAndShape().Shape;
            return (checked((int)shape[1]), checked((int)shape[2]));
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException($"{vision.Path} failed on a test image: {e.Message}", e);
        }
    }
}
