using System.Text.Json;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// The model hub's view of the folders <see cref="OnnxClipModel"/> loads: Hugging Face split or single-graph
/// (<c>onnx/*.onnx</c>) and OpenCLIP (<c>visual/</c> + <c>textual/</c>) layouts.
/// </summary>
public sealed class OnnxModelFolderLoader : IModelFolderLoader
{
    private readonly Action<string>? _onWarning;
    private readonly Func<string, SimilarityScale?>? _configuredScale;

    /// <param name="onWarning">Receives non-fatal problems such as a CUDA fallback; standard error when null.</param>
    /// <param name="configuredScale">
    /// The score scale configuration gives a model folder (by its path), which wins over the folder's own files; null
    /// when configuration gives none.
    /// </param>
    public OnnxModelFolderLoader(Action<string>? onWarning = null, Func<string, SimilarityScale?>? configuredScale = null)
    {
        _onWarning = onWarning;
        _configuredScale = configuredScale;
    }

    /// <inheritdoc />
    public bool CanLoad(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            return false;
        }

        if (File.Exists(Path.Combine(directory, "visual", "model.onnx")) || File.Exists(Path.Combine(directory, "textual", "model.onnx")))
        {
            return true;
        }

        var onnxFolder = OnnxFolder(directory);
        return Any(onnxFolder, "vision_model*.onnx") || Any(onnxFolder, "text_model*.onnx") || Any(onnxFolder, "model*.onnx");
    }

    /// <inheritdoc />
    public ModelFolderSummary Describe(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (Tagging.OnnxObjectTaggerLoader.IsTaggerFolder(directory))
        {
            // An object tagger's onnx/model.onnx is not a text tower: offering it as a search model would fail on use.
            return new ModelFolderSummary(0, false);
        }

        var dimension = 0;
        try
        {
            var config = Path.Combine(directory, "config.json");
            if (File.Exists(config) && JsonNode.Parse(File.ReadAllText(config)) is JsonObject json)
            {
                var width = json["projection_dim"] ?? json["embed_dim"];
                dimension = width is JsonValue value && value.TryGetValue<int>(out var d) ? d : 0;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // An unreadable config leaves the width unknown; loading the model reports the real problem.
        }

        var hasText = File.Exists(Path.Combine(directory, "textual", "model.onnx"))
            || File.Exists(Path.Combine(directory, "model.onnx"))
            || Any(Path.Combine(directory, "onnx"), "text_model*.onnx")
            || Any(Path.Combine(directory, "onnx"), "model*.onnx");
        return new ModelFolderSummary(dimension, hasText, DescribeScore(directory));
    }

    /// <inheritdoc />
    public IEmbeddingModel Load(string directory, InferenceOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException($"Model directory not found: {directory}");
        }

        return OnnxClipModel.Load(directory, options, _onWarning, _configuredScale?.Invoke(directory));
    }

    /// <summary>
    /// "probability" when the scale and bias are known, "cosine (no calibration)" for a sigmoid-trained model without
    /// them, null (the catalogue's word) otherwise.
    /// </summary>
    private string? DescribeScore(string directory)
    {
        try
        {
            if ((_configuredScale?.Invoke(directory) ?? ModelCalibration.Read(directory)) is { Kind: Core.ScoreKind.Probability })
            {
                return "probability";
            }
        }
        catch (Exception ex) when (ex is ModelLoadException or IOException or UnauthorizedAccessException)
        {
            // A half-given calibration fails the load with its reason; a listing only says what is known.
        }

        return ModelCalibration.IsSigmoidTrained(directory) ? ModelCalibration.UncalibratedScoreKind : null;
    }

    private static string OnnxFolder(string directory)
    {
        var onnx = Path.Combine(directory, "onnx");
        return Directory.Exists(onnx) ? onnx : directory;
    }

    private static bool Any(string directory, string pattern)
    {
        try
        {
            return Directory.Exists(directory) && Directory.EnumerateFiles(directory, pattern).Any();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
