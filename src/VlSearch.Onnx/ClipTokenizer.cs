using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace VlSearch.Onnx;

/// <summary>
/// The CLIP tokenizer: clean-up and lower-casing, CLIP's pre-tokenizer pattern, GPT-2 byte-level alphabet, BPE with
/// the <c>&lt;/w&gt;</c> end-of-word suffix, start/end tokens, fixed context with padding. Special tokens written in
/// the text stay special tokens.
/// </summary>
public sealed partial class ClipTokenizer : TextTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly int _startId;
    private readonly int _endId;

    private ClipTokenizer(BpeTokenizer bpe, int startId, int endId, int contextLength, int padId)
        : base(contextLength, padId)
    {
        _bpe = bpe;
        _startId = startId;
        _endId = endId;
    }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c>.</summary>
    public int StartId => _startId;

    /// <inheritdoc />
    public override int? EndId => _endId;

    /// <summary>
    /// Creates a tokenizer from a byte-level vocabulary and merges ("left right" each, priority order).
    /// </summary>
    /// <param name="vocabulary">Token → id; must contain the start and end tokens.</param>
    /// <param name="merges">BPE merges.</param>
    /// <param name="contextLength">Ids per text (77 for CLIP).</param>
    /// <param name="padId">Padding id; null pads with the end token (the Hugging Face convention).</param>
    public static ClipTokenizer Create(IReadOnlyDictionary<string, int> vocabulary, IEnumerable<string> merges, int contextLength = 77, int? padId = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(merges);
        if (!vocabulary.TryGetValue(ClipVocabulary.StartOfText, out var start) || !vocabulary.TryGetValue(ClipVocabulary.EndOfText, out var end))
        {
            throw new ArgumentException($"The vocabulary lacks {ClipVocabulary.StartOfText} or {ClipVocabulary.EndOfText}.", nameof(vocabulary));
        }

        var specials = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [ClipVocabulary.StartOfText] = start,
            [ClipVocabulary.EndOfText] = end,
        };
        var bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            Normalizer = ClipNormalizer.Instance,
            // The pattern already matches the special tokens as whole pieces; passing them keeps them unsplit.
            PreTokenizer = new RegexPreTokenizer(PreTokenizerRegex(), specials),
            SpecialTokens = specials,
            ByteLevel = true,
            EndOfWordSuffix = ClipVocabulary.EndOfWordSuffix,
        });
        return new ClipTokenizer(bpe, start, end, contextLength, padId ?? end);
    }

    /// <inheritdoc />
    public override IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = _bpe.EncodeToIds(text);
        var ids = new int[body.Count + 2];
        ids[0] = _startId;
        for (var i = 0; i < body.Count; i++)
        {
            ids[i + 1] = body[i];
        }

        ids[^1] = _endId;
        return ids;
    }

    [GeneratedRegex(ClipModelDirectory.PreTokenizerPattern)]
    private static partial Regex PreTokenizerRegex();
}
