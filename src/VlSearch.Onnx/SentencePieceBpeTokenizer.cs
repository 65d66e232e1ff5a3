using System.Text;
using System.Text.Json.Nodes;
using VlSearch.Core;

namespace VlSearch.Onnx;

/// <summary>
/// A SentencePiece BPE model with byte fallback as a Hugging Face <c>tokenizer.json</c> describes it (Gemma's
/// tokenizer, which SigLIP2 uses): raw added tokens split off first, a normalizer that writes spaces as "▁", then
/// normalized added tokens split off the normalized text, no
/// pre-tokenizer (the whole text is one word), merges applied lowest rank first (leftmost on ties), every piece
/// missing from the vocabulary spelled as its UTF-8 bytes (&lt;0xNN&gt;), then the post-processor's template.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' BPE reads vocab/merges but has no byte fallback, and its SentencePiece tokenizer needs a
/// <c>.model</c> file whose BPE picks merges by piece score rather than by the merge list; so the merge list is
/// applied here, as the Rust and JavaScript tokenizers do.
/// </remarks>
internal sealed class SentencePieceBpeTokenizer : TextTokenizer
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<(string Left, string Right), int> _ranks;
    private readonly Func<string, string> _normalize;
    private readonly List<(string Content, int Id)> _added;
    private readonly List<(string Content, int Id)> _normalizedAdded;
    private readonly int[] _prefix;
    private readonly int[] _suffix;
    private readonly int? _unkId;
    private readonly bool _byteFallback;
    private readonly bool _lowerCase;
    private readonly Func<string, string>? _clean;

    private SentencePieceBpeTokenizer(
        Dictionary<string, int> vocabulary, Dictionary<(string, string), int> ranks, Func<string, string> normalize,
        List<(string, int)> added, List<(string, int)> normalizedAdded, int[] prefix, int[] suffix, int? unkId, bool byteFallback, bool lowerCase,
        Func<string, string>? clean, int contextLength, int padId)
        : base(contextLength, padId)
    {
        _clean = clean;
        _normalizedAdded = normalizedAdded;
        _vocabulary = vocabulary;
        _ranks = ranks;
        _normalize = normalize;
        _added = added;
        _prefix = prefix;
        _suffix = suffix;
        _unkId = unkId;
        _byteFallback = byteFallback;
        _lowerCase = lowerCase;
    }

    public override int? EndId => _suffix.Length > 0 ? _suffix[^1] : null;

    /// <summary>
    /// Reads the BPE model, normalizer, added tokens and template of <paramref name="tokenizerJson"/>;
    /// <paramref name="lowerCase"/> lower-cases the text first (<c>do_lower_case</c>: SigLIP2 was trained on lower-cased text).
    /// </summary>
    /// <param name="tokenizerJson">The tokenizer.json.</param>
    /// <param name="lowerCase">Lower-case the text first.</param>
    /// <param name="contextLength">Ids per padded text.</param>
    /// <param name="padId">The pad id, given the vocabulary.</param>
    /// <param name="clean">A cleanup applied to the whole text before anything else (OpenCLIP's, for immich's folders).</param>
    /// <param name="tokenizerConfig">
    /// tokenizer_config.json: its <c>add_bos_token</c>/<c>add_eos_token</c>, when given, decide the special tokens
    /// around the text, as the Python Gemma and Llama tokenizers rebuild the template from them on load.
    /// </param>
    /// <exception cref="ModelLoadException">A normalizer, pre-tokenizer or template this tokenizer does not know.</exception>
    public static SentencePieceBpeTokenizer Create(
        JsonObject tokenizerJson, bool lowerCase, int contextLength, Func<IReadOnlyDictionary<string, int>, int?> padId,
        Func<string, string>? clean = null, JsonObject? tokenizerConfig = null)
    {
        var model = (JsonObject)tokenizerJson["model"]!;
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in model["vocab"] as JsonObject ?? [])
        {
            vocabulary[token] = id!.GetValue<int>();
        }

        var normalize = Normalizer(tokenizerJson["normalizer"] as JsonObject);
        var added = new List<(string, int)>();
        var normalizedAdded = new List<(string, int)>();
        foreach (var token in tokenizerJson["added_tokens"] as JsonArray ?? [])
        {
            if (token?["content"]?.GetValue<string>() is { Length: > 0 } content && token["id"] is { } id)
            {
                vocabulary.TryAdd(content, id.GetValue<int>());
                // A normalized token is matched on the normalized text, in its own normalized spelling (as the
                // Rust tokenizers match it); a raw one on the text as typed, before anything else.
                if (token["normalized"]?.GetValue<bool>() == true)
                {
                    if (normalize(content) is { Length: > 0 } spelled)
                    {
                        normalizedAdded.Add((spelled, id.GetValue<int>()));
                    }
                }
                else
                {
                    added.Add((content, id.GetValue<int>()));
                }
            }
        }

        // Longest first, so that at one position the longest added token wins.
        added.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        normalizedAdded.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));

        var ranks = new Dictionary<(string, string), int>();
        var rank = 0;
        foreach (var merge in model["merges"] as JsonArray ?? [])
        {
            var pair = merge is JsonArray parts
                ? (parts[0]!.GetValue<string>(), parts[1]!.GetValue<string>())
                : Split(merge!.GetValue<string>());
            ranks.TryAdd(pair, rank++);
        }

        if (tokenizerJson["pre_tokenizer"] is JsonObject preTokenizer)
        {
            throw new ModelLoadException(
                $"Unsupported pre-tokenizer '{preTokenizer["type"]}' for a SentencePiece BPE tokenizer.json (Gemma-style files have none).");
        }

        var unk = model["unk_token"]?.GetValue<string>();
        int? unkId = unk is not null && vocabulary.TryGetValue(unk, out var u) ? u : null;
        var (prefix, suffix) = ConfiguredAffixes(tokenizerConfig, vocabulary)
            ?? Template(tokenizerJson["post_processor"] as JsonObject, vocabulary);
        return new SentencePieceBpeTokenizer(
            vocabulary, ranks, normalize, added, normalizedAdded, prefix, suffix, unkId,
            model["byte_fallback"]?.GetValue<bool>() == true, lowerCase, clean, contextLength, padId(vocabulary) ?? 0);
    }

    public override IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_clean is not null)
        {
            text = _clean(text);
        }

        var ids = new List<int>(_prefix);
        var start = 0;
        while (start <= text.Length)
        {
            var (at, content, id) = NextAdded(_added, text, start);
            EncodePlain(text[start..at], ids);
            if (content is null)
            {
                break;
            }

            ids.Add(id);
            start = at + content.Length;
        }

        ids.AddRange(_suffix);
        return ids;
    }

    private static (int At, string? Content, int Id) NextAdded(List<(string Content, int Id)> added, string text, int start)
    {
        var best = (At: text.Length, Content: (string?)null, Id: 0);
        foreach (var (content, id) in added)
        {
            var at = text.IndexOf(content, start, StringComparison.Ordinal);
            if (at >= 0 && at < best.At)
            {
                best = (at, content, id);
            }
        }

        return best;
    }

    private void EncodePlain(string segment, List<int> ids)
    {
        if (segment.Length == 0)
        {
            return;
        }

        var normalized = _normalize(_lowerCase ? segment.ToLowerInvariant() : segment);
        var start = 0;
        while (start <= normalized.Length)
        {
            var (at, content, id) = NextAdded(_normalizedAdded, normalized, start);
            EncodePieces(normalized[start..at], ids);
            if (content is null)
            {
                break;
            }

            ids.Add(id);
            start = at + content.Length;
        }
    }

    private void EncodePieces(string normalized, List<int> ids)
    {
        if (normalized.Length == 0)
        {
            return;
        }

        foreach (var piece in Merge(normalized))
        {
            if (_vocabulary.TryGetValue(piece, out var id))
            {
                ids.Add(id);
                continue;
            }

            if (_byteFallback && ByteIds(piece) is { } bytes)
            {
                ids.AddRange(bytes);
            }
            else if (_unkId is { } unk)
            {
                ids.Add(unk);
            }
        }
    }

    private List<int>? ByteIds(string piece)
    {
        var ids = new List<int>();
        foreach (var b in Encoding.UTF8.GetBytes(piece))
        {
            if (!_vocabulary.TryGetValue($"<0x{b:X2}>", out var id))
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }

    private List<string> Merge(string word)
    {
        var symbols = new List<string>();
        for (var i = 0; i < word.Length;)
        {
            // Code points, not text elements: a combining mark or an emoji modifier is a symbol of its own.
            var length = char.IsSurrogatePair(word, i) ? 2 : 1;
            symbols.Add(word.Substring(i, length));
            i += length;
        }

        while (symbols.Count > 1)
        {
            var bestRank = int.MaxValue;
            var bestAt = -1;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    bestAt = i;
                }
            }

            if (bestAt < 0)
            {
                break;
            }

            symbols[bestAt] += symbols[bestAt + 1];
            symbols.RemoveAt(bestAt + 1);
        }

        return symbols;
    }

    private static (string, string) Split(string merge)
    {
        var space = merge.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            throw new FormatException($"Merge '{merge}' is not two pieces separated by a space.");
        }

        return (merge[..space], merge[(space + 1)..]);
    }

    private static Func<string, string> Normalizer(JsonObject? normalizer)
    {
        if (normalizer is null)
        {
            return text => text;
        }

        var type = normalizer["type"]?.GetValue<string>();
        if (type == "Sequence")
        {
            var steps = (normalizer["normalizers"] as JsonArray ?? []).Select(n => Normalizer(n as JsonObject)).ToList();
            return text => steps.Aggregate(text, (current, step) => step(current));
        }

        if (type == "Replace" && normalizer["pattern"]?["String"]?.GetValue<string>() is { Length: > 0 } pattern)
        {
            var content = normalizer["content"]?.GetValue<string>() ?? "";
            return text => text.Replace(pattern, content, StringComparison.Ordinal);
        }

        if (type == "Prepend")
        {
            var prepend = normalizer["prepend"]?.GetValue<string>() ?? "";
            return text => text.Length == 0 ? text : prepend + text;
        }

        if (type == "Lowercase")
        {
            return text => text.ToLowerInvariant();
        }

        throw new ModelLoadException($"Unsupported normalizer '{type}' for a SentencePiece BPE tokenizer.json (supported: Replace of a string, Prepend, Lowercase, Sequence).");
    }

    /// <summary>
    /// &lt;bos&gt; before the text when <c>add_bos_token</c> (default true), &lt;eos&gt; after it when
    /// <c>add_eos_token</c> (default false), the defaults of the Python Gemma tokenizer; null when the config names
    /// neither, and the tokenizer.json template decides.
    /// </summary>
    private static (int[] Prefix, int[] Suffix)? ConfiguredAffixes(JsonObject? tokenizerConfig, Dictionary<string, int> vocabulary)
    {
        static bool? Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

        var addBos = Flag(tokenizerConfig?["add_bos_token"]);
        var addEos = Flag(tokenizerConfig?["add_eos_token"]);
        if (addBos is null && addEos is null)
        {
            return null;
        }

        int[] Special(string key, string fallback)
        {
            var node = tokenizerConfig![key];
            var token = node is JsonObject added ? added["content"]?.GetValue<string>() : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            token ??= fallback;
            return vocabulary.TryGetValue(token, out var id)
                ? [id]
                : throw new ModelLoadException($"tokenizer_config.json's {key} '{token}' is not in the vocabulary.");
        }

        return (addBos ?? true ? Special("bos_token", "<bos>") : [], addEos ?? false ? Special("eos_token", "<eos>") : []);
    }

    private static (int[] Prefix, int[] Suffix) Template(JsonObject? postProcessor, Dictionary<string, int> vocabulary)
    {
        if (postProcessor is null)
        {
            return ([], []);
        }

        var type = postProcessor["type"]?.GetValue<string>();
        if (type != "TemplateProcessing")
        {
            throw new ModelLoadException($"Unsupported post-processor '{type}' for a SentencePiece BPE tokenizer.json (supported: TemplateProcessing).");
        }

        var prefix = new List<int>();
        var suffix = new List<int>();
        var seenSequence = false;
        foreach (var item in postProcessor["single"] as JsonArray ?? [])
        {
            if (item?["Sequence"] is not null)
            {
                seenSequence = true;
                continue;
            }

            var token = item?["SpecialToken"]?["id"]?.GetValue<string>()
                ?? throw new ModelLoadException("A TemplateProcessing item is neither a Sequence nor a SpecialToken.");
            List<int> ids;
            if (postProcessor["special_tokens"]?[token]?["ids"] is JsonArray listed)
            {
                ids = [.. listed.Select(id => id!.GetValue<int>())];
            }
            else if (vocabulary.TryGetValue(token, out var id))
            {
                ids = [id];
            }
            else
            {
                throw new ModelLoadException($"The template's special token '{token}' is not in the vocabulary.");
            }

            (seenSequence ? suffix : prefix).AddRange(ids);
        }

        return ([.. prefix], [.. suffix]);
    }
}
