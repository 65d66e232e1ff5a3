using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// SentencePiece tokenizers: from the protobuf model file, or from a Unigram <c>tokenizer.json</c> turned into one
/// (immich's exports ship only the JSON). SigLIP's text cleanup is applied before the model sees the text.
/// </summary>
internal static partial class SentencePieceFiles
{
    /// <summary>Model file names, most specific first.</summary>
    public static readonly string[] ModelFileNames = ["spiece.model", "tokenizer.model", "sentencepiece.bpe.model"];

    // Python's string.punctuation, which SiglipTokenizer.canonicalize_text removes.
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public static string? FindModelFile(string folder) =>
        ModelFileNames.Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <exception cref="ModelLoadException">Neither a model file nor a Unigram tokenizer.json.</exception>
    /// <exception cref="InvalidDataException">The model file is not a SentencePiece model.</exception>
    public static TextTokenizer Load(string folder, JsonObject? tokenizerJson, JsonObject? tokenizerConfig, JsonObject? specialTokensMap, JsonObject? config, int contextLength)
    {
        var bytes = FindModelFile(folder) is { } file
            ? File.ReadAllBytes(file)
            : FromUnigramJson(tokenizerJson?["model"] as JsonObject, tokenizerJson, folder);
        using var stream = new MemoryStream(SentencePieceModelPatch.Apply(bytes));
        var sentencePiece = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: true);
        var siglip = IsSiglip(tokenizerConfig, config);
        var lowerCase = tokenizerConfig?["do_lower_case"] is JsonValue lower && lower.TryGetValue<bool>(out var flag) ? flag : siglip;
        var padToken = TokenName(tokenizerConfig?["pad_token"]) ?? TokenName(specialTokensMap?["pad_token"]);
        var padId = (padToken is not null && sentencePiece.Vocabulary.TryGetValue(padToken, out var id) ? id : (int?)null)
            ?? Int(config?["text_config"]?["pad_token_id"])
            ?? sentencePiece.EndOfSentenceId;
        string Clean(string text)
        {
            if (lowerCase)
            {
                text = text.ToLowerInvariant();
            }

            return siglip ? Canonicalize(text) : text;
        }

        var end = sentencePiece.EndOfSentenceId;
        // The end id closes every text, the empty one included (the library adds none to an empty text).
        var unknown = sentencePiece.UnknownId;
        IReadOnlyList<int> Encode(string text)
        {
            var ids = new List<int>();
            foreach (var id in sentencePiece.EncodeToIds(Clean(text), addBeginningOfSentence: false, addEndOfSentence: false))
            {
                // SentencePiece and the Hugging Face tokenizers merge a run of unknown characters into one unknown
                // piece; the library gives one per character.
                if (id != unknown || ids.Count == 0 || ids[^1] != unknown)
                {
                    ids.Add(id);
                }
            }

            ids.Add(end);
            return ids;
        }

        return new LibraryTokenizer(sentencePiece, Encode, end, contextLength, padId);
    }

    /// <summary>SigLIP's cleanup: ASCII punctuation removed, runs of white space made one space, ends trimmed.</summary>
    public static string Canonicalize(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!AsciiPunctuation.Contains(c, StringComparison.Ordinal))
            {
                kept.Append(c);
            }
        }

        return WhiteSpace().Replace(kept.ToString(), " ").Trim();
    }

    private static bool IsSiglip(JsonObject? tokenizerConfig, JsonObject? config) =>
        (tokenizerConfig?["tokenizer_class"] is JsonValue cls && cls.TryGetValue<string>(out var name) && name.StartsWith("Siglip", StringComparison.OrdinalIgnoreCase))
        || (config?["model_type"] is JsonValue type && type.TryGetValue<string>(out var model) && model.StartsWith("siglip", StringComparison.OrdinalIgnoreCase))
        // OpenCLIP configs (immich) name the tokenizer and its cleanup in text_cfg.
        || (config?["text_cfg"]?["hf_tokenizer_name"] is JsonValue hf && hf.TryGetValue<string>(out var hfName) && hfName.Contains("siglip", StringComparison.OrdinalIgnoreCase))
        || (config?["text_cfg"]?["tokenizer_kwargs"]?["clean"] is JsonValue clean && clean.TryGetValue<string>(out var how) && how == "canonicalize");

    private static byte[] FromUnigramJson(JsonObject? model, JsonObject? tokenizerJson, string folder)
    {
        if (model?["vocab"] is not JsonArray vocabulary)
        {
            throw new ModelLoadException(
                $"No SentencePiece model in {folder}: expected {string.Join(", ", ModelFileNames)} or a Unigram tokenizer.json.");
        }

        var special = new HashSet<string>(StringComparer.Ordinal);
        foreach (var added in tokenizerJson?["added_tokens"] as JsonArray ?? [])
        {
            if (added?["special"] is JsonValue isSpecial && isSpecial.GetValue<bool>() && added["content"]?.GetValue<string>() is { } content)
            {
                special.Add(content);
            }
        }

        var unkId = Int(model["unk_id"]) ?? 0;
        var pieces = new List<SentencePieceEntry>(vocabulary.Count);
        foreach (var entry in vocabulary)
        {
            var pair = entry as JsonArray ?? throw new ModelLoadException($"{Path.Combine(folder, "tokenizer.json")}: a Unigram vocabulary entry is not [piece, score].");
            var piece = pair[0]!.GetValue<string>();
            var type = pieces.Count == unkId ? SentencePieceType.Unknown
                : special.Contains(piece) ? SentencePieceType.Control
                : SentencePieceType.Normal;
            pieces.Add(new SentencePieceEntry(piece, (float)pair[1]!.GetValue<double>(), type));
        }

        int Find(params string[] names) =>
            names.Select(n => pieces.FindIndex(p => p.Piece == n && p.Type == SentencePieceType.Control)).FirstOrDefault(i => i >= 0, -1);

        var byteFallback = model["byte_fallback"] is JsonValue fallback && fallback.GetValue<bool>();
        return SentencePieceModelWriter.Write(pieces, SentencePieceModelWriter.Unigram, unkId, Find("<s>", "<bos>"), Find("</s>", "<eos>"), Find("<pad>"),
            addDummyPrefix: true, byteFallback: byteFallback);
    }

    private static string? TokenName(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject obj => obj["content"]?.GetValue<string>(),
        _ => null,
    };

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var result) ? result : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
