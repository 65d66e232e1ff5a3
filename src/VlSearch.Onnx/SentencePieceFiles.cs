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

    /// <summary>
    /// Loads the tokenizer. A Unigram <c>tokenizer.json</c> wins over the model file: its ids are the ones the text
    /// tower was trained with (XLM-RoBERTa's model file numbers pieces one lower, fairseq's offset), and its
    /// post-processor says which special ids go around the text. From the model file alone, XLM-RoBERTa gets the
    /// fairseq ids (&lt;s&gt; 0, &lt;pad&gt; 1, &lt;/s&gt; 2, &lt;unk&gt; 3, pieces + 1) and &lt;s&gt; … &lt;/s&gt;; others get &lt;/s&gt; after the text.
    /// </summary>
    /// <exception cref="ModelLoadException">Neither a model file nor a Unigram tokenizer.json.</exception>
    /// <exception cref="InvalidDataException">The model file is not a SentencePiece model.</exception>
    public static TextTokenizer Load(string folder, JsonObject? tokenizerJson, JsonObject? tokenizerConfig, JsonObject? specialTokensMap, JsonObject? config, int contextLength)
    {
        // An empty vocabulary is a stub next to the model file.
        var fromJson = tokenizerJson?["model"] is JsonObject { } jsonModel && jsonModel["vocab"] is JsonArray { Count: > 0 };
        var file = FindModelFile(folder);
        var bytes = fromJson || file is null
            ? FromUnigramJson(tokenizerJson?["model"] as JsonObject, tokenizerJson, folder)
            : File.ReadAllBytes(file);
        using var stream = new MemoryStream(SentencePieceModelPatch.Apply(bytes));
        var sentencePiece = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: true);
        var siglip = IsSiglip(tokenizerConfig, config);
        var fairseq = !fromJson && IsXlmRoberta(tokenizerConfig, config);
        var lowerCase = tokenizerConfig?["do_lower_case"] is JsonValue lower && lower.TryGetValue<bool>(out var flag) ? flag : siglip;
        string Clean(string text)
        {
            if (lowerCase)
            {
                text = text.ToLowerInvariant();
            }

            return siglip ? Canonicalize(text) : text;
        }

        var unknown = sentencePiece.UnknownId;
        Func<int, int> map = fairseq ? id => id == unknown ? FairseqUnknown : id + 1 : id => id;
        var (prefix, suffix) = fromJson && Affixes(tokenizerJson!, sentencePiece.Vocabulary) is { } affixes
            ? affixes
            : fairseq ? ([FairseqStart], [FairseqEnd]) : (Array.Empty<int>(), new[] { sentencePiece.EndOfSentenceId });
        var padToken = TokenName(tokenizerConfig?["pad_token"]) ?? TokenName(specialTokensMap?["pad_token"]);
        var padId = fairseq ? FairseqPad
            : (padToken is not null && sentencePiece.Vocabulary.TryGetValue(padToken, out var id) ? id : (int?)null)
                ?? Int(config?["text_config"]?["pad_token_id"])
                ?? Int(config?["pad_token_id"])
                ?? sentencePiece.EndOfSentenceId;

        // The special ids go around every text, the empty one included (the library adds none to an empty text).
        IReadOnlyList<int> Encode(string text)
        {
            var ids = new List<int>(prefix);
            var last = -1;
            foreach (var piece in sentencePiece.EncodeToIds(Clean(text), addBeginningOfSentence: false, addEndOfSentence: false))
            {
                // SentencePiece and the Hugging Face tokenizers merge a run of unknown characters into one unknown
                // piece; the library gives one per character.
                if (piece != unknown || last != unknown)
                {
                    ids.Add(map(piece));
                }

                last = piece;
            }

            ids.AddRange(suffix);
            return ids;
        }

        return new LibraryTokenizer(sentencePiece, Encode, suffix.Length > 0 ? suffix[^1] : null, contextLength, padId);
    }

    /// <summary>The special ids a tokenizer.json post-processor puts before and after a single text.</summary>
    private static (int[] Prefix, int[] Suffix)? Affixes(JsonObject tokenizerJson, IReadOnlyDictionary<string, int> vocabulary)
    {
        var processor = tokenizerJson["post_processor"] as JsonObject;
        int? Lookup(string name) =>
            processor?["special_tokens"]?[name]?["ids"] is JsonArray ids && ids.Count > 0 ? ids[0]!.GetValue<int>()
            : vocabulary.TryGetValue(name, out var found) ? found : null;

        switch (processor?["type"]?.GetValue<string>())
        {
            case "TemplateProcessing" when processor["single"] is JsonArray single:
                var prefix = new List<int>();
                var suffix = new List<int>();
                var seenText = false;
                foreach (var item in single)
                {
                    if (item?["Sequence"] is not null)
                    {
                        seenText = true;
                    }
                    else if (item?["SpecialToken"]?["id"]?.GetValue<string>() is { } name && Lookup(name) is { } special)
                    {
                        (seenText ? suffix : prefix).Add(special);
                    }
                }

                return ([.. prefix], [.. suffix]);
            case "RobertaProcessing" or "BertProcessing":
                return ([processor["cls"]![1]!.GetValue<int>()], [processor["sep"]![1]!.GetValue<int>()]);
            default:
                return null;
        }
    }

    private const int FairseqStart = 0;
    private const int FairseqPad = 1;
    private const int FairseqEnd = 2;
    private const int FairseqUnknown = 3;

    private static bool IsXlmRoberta(JsonObject? tokenizerConfig, JsonObject? config) =>
        (tokenizerConfig?["tokenizer_class"] is JsonValue cls && cls.TryGetValue<string>(out var name) && name.StartsWith("XLMRoberta", StringComparison.OrdinalIgnoreCase))
        || (config?["model_type"] is JsonValue type && type.TryGetValue<string>(out var model) && model.StartsWith("xlm-roberta", StringComparison.OrdinalIgnoreCase))
        || (config?["text_config"]?["model_type"] is JsonValue textType && textType.TryGetValue<string>(out var textModel) && textModel.StartsWith("xlm-roberta", StringComparison.OrdinalIgnoreCase));

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
            addDummyPrefix: true, byteFallback: byteFallback, precompiledCharsmap: Charsmap(tokenizerJson?["normalizer"]));
    }

    /// <summary>The character map of a Precompiled normalizer (alone or in a sequence): real exports carry nmt_nfkc's.</summary>
    private static byte[]? Charsmap(JsonNode? normalizer)
    {
        if (normalizer?["type"]?.GetValue<string>() == "Precompiled" && normalizer["precompiled_charsmap"] is JsonValue map && map.TryGetValue<string>(out var base64))
        {
            return Convert.FromBase64String(base64);
        }

        return (normalizer?["normalizers"] as JsonArray ?? []).Select(Charsmap).FirstOrDefault(m => m is not null);
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
