using System.Globalization;
using System.Text;
using VlSearch.Onnx.Matching;

namespace VlSearch.Training.Matching;

/// <summary>
/// The BERT WordPiece vocabulary of the project's matching model: the special tokens, every word of the scene
/// captions, then single letters and digits with their <c>##</c> continuations so any lower-case word still
/// tokenizes without [UNK]. Tokenization follows BERT's: lower case, accents stripped, split on whitespace and
/// punctuation, greedy longest-match-first word pieces.
/// </summary>
internal sealed class WordPieceVocabulary
{
    public const string Pad = "[PAD]";
    public const string Unknown = "[UNK]";
    public const string Cls = "[CLS]";
    public const string Sep = "[SEP]";
    public const string Mask = "[MASK]";
    public const string Enc = "[ENC]";
    private const int MaxWordLength = 100;


    private readonly Dictionary<string, int> _ids;

    private WordPieceVocabulary(IReadOnlyList<string> tokens)
    {
        Tokens = tokens;
        _ids = tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Tokens { get; }

    public int Count => Tokens.Count;

    public int ClsId => _ids[Cls];

    public int SepId => _ids[Sep];

    public int EncId => _ids[Enc];

    public int PadId => _ids[Pad];

    /// <summary>Builds the vocabulary from caption words (sorted ordinally so the file is the same for the same words).</summary>
    public static WordPieceVocabulary Build(IEnumerable<string> captions)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var caption in captions)
        {
            foreach (var word in BasicTokens(caption))
            {
                words.Add(word);
            }
        }

        var tokens = new List<string> { Pad, Unknown, Cls, Sep, Mask, Enc };
        var pieces = "abcdefghijklmnopqrstuvwxyz0123456789".Select(c => c.ToString()).ToList();
        foreach (var word in words.Concat(pieces).Concat(".,!?'\"-:;()&/".Select(c => c.ToString())))
        {
            if (!tokens.Contains(word))
            {
                tokens.Add(word);
            }
        }

        tokens.AddRange(pieces.Select(p => "##" + p));
        return new WordPieceVocabulary(tokens);
    }

    /// <summary>[CLS] pieces [SEP], truncated to <paramref name="maxLength"/>; the first token becomes [ENC] when asked.</summary>
    public int[] Encode(string text, int maxLength, bool encFirst)
    {
        var ids = new List<int> { encFirst ? EncId : ClsId };
        foreach (var word in BasicTokens(text))
        {
            ids.AddRange(Pieces(word));
            if (ids.Count >= maxLength - 1)
            {
                break;
            }
        }

        if (ids.Count > maxLength - 1)
        {
            ids.RemoveRange(maxLength - 1, ids.Count - (maxLength - 1));
        }

        ids.Add(SepId);
        return [.. ids];
    }

    public void Write(string path) => File.WriteAllText(path, string.Join('\n', Tokens) + "\n", new UTF8Encoding(false));

    private IEnumerable<int> Pieces(string word)
    {
        if (word.Length > MaxWordLength)
        {
            return [_ids[Unknown]];
        }

        var pieces = new List<int>();
        var start = 0;
        while (start < word.Length)
        {
            var end = word.Length;
            var found = -1;
            while (end > start)
            {
                var piece = (start > 0 ? "##" : "") + word[start..end];
                if (_ids.TryGetValue(piece, out var id))
                {
                    found = id;
                    break;
                }

                end--;
            }

            if (found < 0)
            {
                return [_ids[Unknown]];
            }

            pieces.Add(found);
            start = end;
        }

        return pieces;
    }

    /// <summary>BERT's basic tokenizer: lower case, accents stripped, whitespace and punctuation split.</summary>
    private static IEnumerable<string> BasicTokens(string text)
    {
        var normalized = LatinAccents.Fold(text.ToLowerInvariant()).Normalize(NormalizationForm.FormD);
        var current = new StringBuilder();
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c == '\0' || c == '\uFFFD' || char.IsControl(c) && !char.IsWhiteSpace(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || IsPunctuation(c))
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                if (!char.IsWhiteSpace(c))
                {
                    yield return c.ToString();
                }

                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static bool IsPunctuation(char c) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~' || char.IsPunctuation(c);
}
