using System.Text.Json;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>Finds and reads the tokenizer files of a model directory in either layout.</summary>
internal static class TokenizerFiles
{
    private const int DefaultContextLength = 77;

    public static TextTokenizer Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException($"Model directory not found: {directory}");
        }

        var folder = FindTokenizerFolder(directory)
            ?? throw new ModelLoadException(
                $"No tokenizer in {directory}: expected tokenizer.json, spiece.model, or vocab.json and merges.txt (also looked in textual/).");
        var tokenizerJson = ReadJson(Path.Combine(folder, "tokenizer.json"));
        var tokenizerConfig = ReadJson(Path.Combine(folder, "tokenizer_config.json"));
        var specialTokensMap = ReadJson(Path.Combine(folder, "special_tokens_map.json"));
        var config = ReadJson(Path.Combine(directory, "config.json")) ?? ReadJson(Path.Combine(folder, "config.json"));
        var contextLength = ContextLength(config, tokenizerConfig, tokenizerJson);

        try
        {
            if (tokenizerJson is null && SentencePieceFiles.FindModelFile(folder) is not null)
            {
                return SentencePieceFiles.Load(folder, null, tokenizerConfig, specialTokensMap, config, contextLength);
            }

            if (tokenizerJson is null)
            {
                var vocabulary = ReadVocabulary(Path.Combine(folder, "vocab.json"));
                var merges = ReadMergesFile(Path.Combine(folder, "merges.txt"));
                return ClipTokenizer.Create(vocabulary, merges, contextLength, PadId(vocabulary, tokenizerConfig, specialTokensMap, null, config));
            }

            var model = tokenizerJson["model"] as JsonObject
                ?? throw new ModelLoadException($"{Path.Combine(folder, "tokenizer.json")} has no model section.");
            var type = model["type"]?.GetValue<string>() ?? InferType(model);
            return type switch
            {
                "BPE" => LoadBpe(folder, model, tokenizerJson, tokenizerConfig, specialTokensMap, config, contextLength),
                "WordPiece" => LoadWordPiece(model, tokenizerJson, tokenizerConfig, specialTokensMap, config, contextLength),
                "Unigram" => SentencePieceFiles.Load(folder, tokenizerJson, tokenizerConfig, specialTokensMap, config, contextLength),
                _ => throw new ModelLoadException($"Unsupported tokenizer type '{type}' in {Path.Combine(folder, "tokenizer.json")} (supported: BPE, WordPiece, Unigram)."),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException or InvalidDataException or IndexOutOfRangeException)
        {
            throw new ModelLoadException($"The tokenizer files in {folder} could not be read: {e.Message}", e);
        }
    }

    private static string? FindTokenizerFolder(string directory)
    {
        foreach (var candidate in new[] { directory, Path.Combine(directory, "textual") })
        {
            if (File.Exists(Path.Combine(candidate, "tokenizer.json")) || SentencePieceFiles.FindModelFile(candidate) is not null ||
                (File.Exists(Path.Combine(candidate, "vocab.json")) && File.Exists(Path.Combine(candidate, "merges.txt"))))
            {
                return candidate;
            }
        }

        return null;
    }

    private static TextTokenizer LoadBpe(string folder, JsonObject model, JsonObject tokenizerJson, JsonObject? tokenizerConfig, JsonObject? specialTokensMap, JsonObject? config, int contextLength)
    {
        if (model["byte_fallback"] is JsonValue fallback && fallback.TryGetValue<bool>(out var bytes) && bytes)
        {
            // SentencePiece BPE (Gemma's tokenizer, SigLIP2): its own encoder; do_lower_case as the model was trained.
            var lowerCase = tokenizerConfig?["do_lower_case"] is JsonValue lower && lower.TryGetValue<bool>(out var flag) && flag;
            // An OpenCLIP config (immich's SigLIP2) names the cleanup OpenCLIP applies before the tokenizer.
            return SentencePieceBpeTokenizer.Create(tokenizerJson, lowerCase, contextLength,
                vocabulary => PadId(vocabulary, tokenizerConfig, specialTokensMap, tokenizerJson["padding"] as JsonObject, config),
                OpenClipTextCleanup.FromConfig(config), tokenizerConfig);
        }

        var suffix = model["end_of_word_suffix"]?.GetValue<string>();
        if (suffix != ClipVocabulary.EndOfWordSuffix)
        {
            throw new ModelLoadException(
                $"Unsupported BPE tokenizer in {folder}: end_of_word_suffix is '{suffix}', only CLIP's byte-level BPE with '{ClipVocabulary.EndOfWordSuffix}' and SentencePiece BPE with byte_fallback are supported.");
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in model["vocab"] as JsonObject ?? [])
        {
            vocabulary[token] = id!.GetValue<int>();
        }

        // Added tokens carry the special tokens when a vocab section leaves them out.
        foreach (var added in tokenizerJson["added_tokens"] as JsonArray ?? [])
        {
            if (added?["content"]?.GetValue<string>() is { } content && added["id"] is { } id)
            {
                vocabulary.TryAdd(content, id.GetValue<int>());
            }
        }

        var merges = new List<string>();
        foreach (var merge in model["merges"] as JsonArray ?? [])
        {
            // Older files store "left right", newer ones ["left", "right"].
            merges.Add(merge is JsonArray pair ? $"{pair[0]!.GetValue<string>()} {pair[1]!.GetValue<string>()}" : merge!.GetValue<string>());
        }

        var padding = tokenizerJson["padding"] as JsonObject;
        return ClipTokenizer.Create(vocabulary, merges, contextLength, PadId(vocabulary, tokenizerConfig, specialTokensMap, padding, config));
    }

    private static TextTokenizer LoadWordPiece(JsonObject model, JsonObject tokenizerJson, JsonObject? tokenizerConfig, JsonObject? specialTokensMap, JsonObject? config, int contextLength)
    {
        var vocabulary = (model["vocab"] as JsonObject ?? [])
            .Select(pair => (Token: pair.Key, Id: pair.Value!.GetValue<int>()))
            .OrderBy(pair => pair.Id)
            .ToList();
        var expected = 0;
        foreach (var (_, id) in vocabulary)
        {
            if (id != expected++)
            {
                throw new ModelLoadException("The WordPiece vocabulary has gaps in its ids.");
            }
        }

        var lowerCase = tokenizerJson["normalizer"]?["lowercase"]?.GetValue<bool>()
            ?? tokenizerConfig?["do_lower_case"]?.GetValue<bool>()
            ?? true;
        // strip_accents null means "as lower-casing" (BERT's rule).
        var stripAccents = tokenizerJson["normalizer"]?["strip_accents"] is JsonValue strip ? strip.GetValue<bool>()
            : tokenizerConfig?["strip_accents"] is JsonValue configured ? configured.GetValue<bool>()
            : lowerCase;
        var map = vocabulary.ToDictionary(pair => pair.Token, pair => pair.Id, StringComparer.Ordinal);
        var padId = PadId(map, tokenizerConfig, specialTokensMap, tokenizerJson["padding"] as JsonObject, config) ?? 0;
        return new BertWordPieceTokenizer(map, lowerCase, stripAccents,
            model["continuing_subword_prefix"]?.GetValue<string>() ?? "##",
            model["unk_token"]?.GetValue<string>() ?? "[UNK]",
            Token(tokenizerConfig?["cls_token"]) ?? "[CLS]",
            Token(tokenizerConfig?["sep_token"]) ?? "[SEP]",
            contextLength, padId);
    }

    private static string InferType(JsonObject model) =>
        model["vocab"] is JsonArray ? "Unigram" : model["merges"] is not null ? "BPE" : model["continuing_subword_prefix"] is not null ? "WordPiece" : "unknown";

    private static int ContextLength(JsonObject? config, JsonObject? tokenizerConfig, JsonObject? tokenizerJson)
    {
        var fromConfig = Int(config?["text_config"]?["max_position_embeddings"]) ?? Int(config?["text_cfg"]?["context_length"]);
        if (fromConfig is { } length)
        {
            return length;
        }

        // Tokenizer configs often say 1e30 ("unlimited"); only a realistic value is a context length.
        if (tokenizerConfig?["model_max_length"] is JsonValue max && max.TryGetValue<double>(out var value) && value is >= 2 and <= 4096)
        {
            return (int)value;
        }

        return Int(tokenizerJson?["truncation"]?["max_length"]) ?? DefaultContextLength;
    }

    private static int? PadId(IReadOnlyDictionary<string, int> vocabulary, JsonObject? tokenizerConfig, JsonObject? specialTokensMap, JsonObject? padding, JsonObject? config)
    {
        // Tokenizer files decide (configs of real CLIP exports carry stale pad ids); the model config is a fallback.
        foreach (var token in new[] { Token(tokenizerConfig?["pad_token"]), Token(specialTokensMap?["pad_token"]) })
        {
            if (token is not null && vocabulary.TryGetValue(token, out var id))
            {
                return id;
            }
        }

        return Int(padding?["pad_id"]) ?? Int(config?["text_config"]?["pad_token_id"]) ?? Int(config?["pad_token_id"]);
    }

    private static string? Token(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        // AddedToken objects: {"content": "<|endoftext|>", ...}.
        JsonObject obj => obj["content"]?.GetValue<string>(),
        _ => null,
    };

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var result) ? result : null;

    internal static JsonObject? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static Dictionary<string, int> ReadVocabulary(string path)
    {
        var json = ReadJson(path) ?? throw new ModelLoadException($"Missing {path}.");
        var vocabulary = new Dictionary<string, int>(json.Count, StringComparer.Ordinal);
        foreach (var (token, id) in json)
        {
            vocabulary[token] = id!.GetValue<int>();
        }

        return vocabulary;
    }

    private static List<string> ReadMergesFile(string path) =>
        File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            .ToList();
}
