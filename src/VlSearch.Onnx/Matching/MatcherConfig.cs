using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx.Matching;

/// <summary>What <c>config.json</c> of a split BLIP-ITM folder says: id, text length, [ENC] token, sizes.</summary>
internal sealed record MatcherConfig
{
    /// <summary>BLIP's retrieval code tokenizes with <c>max_length=35</c>.</summary>
    public const int DefaultMaxTextLength = 35;

    public required string Id { get; init; }

    public int MaxTextLength { get; init; } = DefaultMaxTextLength;

    public int? EncTokenId { get; init; }

    public int? VocabSize { get; init; }

    public int PadTokenId { get; init; }

    public int? ImageSize { get; init; }

    /// <summary>Reads and checks <c>config.json</c> of <paramref name="folder"/>.</summary>
    /// <exception cref="ModelLoadException">The file is missing, not JSON, not a BLIP config, or has impossible values.</exception>
    public static MatcherConfig Read(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        var json = TokenizerFiles.ReadJson(path) ?? throw new ModelLoadException($"Missing {path}: an image-text matching model needs its config.json.");
        var modelType = Text(json["model_type"]);
        if (!string.Equals(modelType, "blip", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException($"{path} has model_type '{modelType ?? "(none)"}'; an image-text matching model in the split BLIP-ITM layout has \"blip\".");
        }

        try
        {
            var maxTextLength = Int(json, "max_text_length") ?? DefaultMaxTextLength;
            if (maxTextLength is < 2 or > 4096)
            {
                throw new ModelLoadException($"{path}: max_text_length {maxTextLength} is out of range (2 to 4096; BLIP uses 35).");
            }

            var vocabSize = Int(json["text_config"] as JsonObject, "vocab_size");
            var encTokenId = Int(json, "enc_token_id");
            if (encTokenId is < 0 || (encTokenId is { } enc && vocabSize is { } size && enc >= size))
            {
                throw new ModelLoadException($"{path}: enc_token_id {encTokenId} is outside the vocabulary (size {vocabSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}).");
            }

            var imageSize = Int(json["vision_config"] as JsonObject, "image_size");
            if (imageSize is < 1)
            {
                throw new ModelLoadException($"{path}: vision_config.image_size {imageSize} is not positive.");
            }

            return new MatcherConfig
            {
                Id = ModelId(json, folder),
                MaxTextLength = maxTextLength,
                EncTokenId = encTokenId,
                VocabSize = vocabSize,
                PadTokenId = Int(json["text_config"] as JsonObject, "pad_token_id") ?? 0,
                ImageSize = imageSize,
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"{path} could not be read: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="folder"/> has a config.json whose model_type is "blip"; never throws.</summary>
    public static bool IsBlip(string folder)
    {
        try
        {
            return string.Equals(Text(TokenizerFiles.ReadJson(Path.Combine(folder, "config.json"))?["model_type"]), "blip", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is ModelLoadException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string ModelId(JsonObject json, string folder)
    {
        // A local export path says nothing stable about the model; the folder name does.
        if (Text(json["_name_or_path"]) is { } name && !string.IsNullOrWhiteSpace(name) && !Path.IsPathRooted(name) && !name.StartsWith('.'))
        {
            return name.Trim();
        }

        return new DirectoryInfo(folder).Name;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? Int(JsonObject? json, string key) => json?[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var result) => result,
        JsonValue value when value.TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < int.MaxValue => (int)real,
        var other => throw new FormatException($"{key} must be an integer, found {other.ToJsonString()}"),
    };
}
