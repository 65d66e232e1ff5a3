using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// Where a model folder gives SigLIP's trained temperature and bias: a <c>vlsearch-calibration.json</c> side file
/// (<c>{"logit_scale": …, "logit_bias": …}</c>, for folders whose own files must stay as downloaded), else the top
/// of <c>config.json</c>. OpenCLIP configs carry <c>init_logit_scale</c>/<c>init_logit_bias</c>: those are the values
/// training started from, not the trained ones, and are never used as scores.
/// </summary>
public static class ModelCalibration
{
    /// <summary>The side file's name.</summary>
    public const string FileName = "vlsearch-calibration.json";

    /// <summary>What <c>models list</c> shows for a sigmoid-trained model whose scale and bias are not known.</summary>
    public const string UncalibratedScoreKind = "cosine (no calibration)";

    /// <summary>The scale the folder gives, or null when neither file names one.</summary>
    /// <exception cref="ModelLoadException">A file gives one value without the other, or a value that is not a finite number.</exception>
    public static SimilarityScale? Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        foreach (var path in new[] { Path.Combine(directory, FileName), Path.Combine(directory, "config.json") })
        {
            if (FromJson(TokenizerFiles.ReadJson(path), path) is { } scale)
            {
                return scale;
            }
        }

        return null;
    }

    /// <summary>
    /// The scale of a pair of values from configuration (either may be missing when the folder gives none): both
    /// or neither.
    /// </summary>
    /// <exception cref="ModelLoadException">Only one value, or one that is not finite.</exception>
    public static SimilarityScale? FromValues(double? logitScale, double? logitBias, string source)
    {
        if (logitScale is null && logitBias is null)
        {
            return null;
        }

        if (logitScale is not { } scale || logitBias is not { } bias || !double.IsFinite(scale) || !double.IsFinite(bias))
        {
            throw new ModelLoadException($"{source} must give both logit_scale and logit_bias as finite numbers (SigLIP scores), or neither.");
        }

        return SimilarityScale.Sigmoid(scale, bias);
    }

    /// <summary>
    /// Whether the folder's files show a model trained with SigLIP's sigmoid loss (its cosine is then not the score it
    /// was trained to give): a <c>siglip</c> model type or tokenizer class, an OpenCLIP config with an initial logit
    /// bias (only sigmoid-loss configs have one) or a SigLIP tokenizer name.
    /// </summary>
    public static bool IsSigmoidTrained(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        try
        {
            var config = TokenizerFiles.ReadJson(Path.Combine(directory, "config.json"));
            var tokenizerConfig = TokenizerFiles.ReadJson(Path.Combine(directory, "tokenizer_config.json"));
            return Starts(config?["model_type"], "siglip")
                || Starts(tokenizerConfig?["tokenizer_class"], "siglip")
                || config?["init_logit_bias"] is JsonValue
                || (config?["text_cfg"]?["hf_tokenizer_name"] is JsonValue name && name.TryGetValue<string>(out var text)
                    && text.Contains("siglip", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is ModelLoadException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static SimilarityScale? FromJson(JsonObject? json, string path) =>
        FromValues(Double(json?["logit_scale"]), Double(json?["logit_bias"]), path);

    private static bool Starts(JsonNode? node, string prefix) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static double? Double(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var result) ? result : null;
}
