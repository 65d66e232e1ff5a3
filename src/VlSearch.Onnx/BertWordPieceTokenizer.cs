using System.Globalization;
using System.Text;
using VlSearch.Onnx.Matching;

namespace VlSearch.Onnx;

/// <summary>
/// BERT's tokenizer as the Hugging Face BertNormalizer, BertPreTokenizer and WordPiece model define it: control
/// characters dropped and white space made spaces, CJK ideographs split apart, accents stripped and text lower-cased
/// (when lower-casing), words split at white space and around every punctuation character, then greedy
/// longest-match-first WordPiece with a continuing-subword prefix; a word that cannot be covered, or is longer than
/// 100 characters, is one unknown id. <c>[CLS]</c> … <c>[SEP]</c> go around the text.
/// </summary>
/// <remarks>
/// Accent stripping is Unicode NFD followed by removing nonspacing marks; with invariant globalization the runtime
/// cannot decompose, so the precomposed letters of Latin, Greek and Cyrillic are mapped to their base letters here
/// and any combining mark already in the text is removed.
/// </remarks>
internal sealed class BertWordPieceTokenizer : TextTokenizer
{
    private const int MaxWordLength = 100;

    // Greek letters with tonos or dialytika and Cyrillic letters with a breve or diaeresis, with their base letters.
    private const string Precomposed = "άέήίόύώϊϋΐΰΆΈΉΊΌΎΏΪΫйЙёЁїЇўЎ";
    private const string Bases = "αεηιουωιυιυΑΕΗΙΟΥΩΙΥиИеЕіІуУ";

    private readonly Dictionary<string, int> _vocabulary;
    private readonly bool _lowerCase;
    private readonly bool _stripAccents;
    private readonly string _prefix;
    private readonly int _unknown;
    private readonly int _start;
    private readonly int _end;

    public BertWordPieceTokenizer(Dictionary<string, int> vocabulary, bool lowerCase, bool stripAccents, string prefix, string unknown, string start, string end,
        int contextLength, int padId)
        : base(contextLength, padId)
    {
        _vocabulary = vocabulary;
        _lowerCase = lowerCase;
        _stripAccents = stripAccents;
        _prefix = prefix;
        _unknown = Id(unknown);
        _start = Id(start);
        _end = Id(end);
    }

    public override int? EndId => _end;

    public override IReadOnlyList<int> EncodeToIds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int> { _start };
        foreach (var word in Words(Normalize(text)))
        {
            WordPiece(word, ids);
        }

        ids.Add(_end);
        return ids;
    }

    private int Id(string token) => _vocabulary.TryGetValue(token, out var id)
        ? id
        : throw new ArgumentException($"The WordPiece vocabulary has no {token}.", nameof(token));

    private string Normalize(string text)
    {
        var output = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var rune = Rune.GetRuneAt(text, i);
            if (rune.IsBmp is false)
            {
                i++;
            }

            var c = rune.Value;
            if (c == 0 || c == 0xFFFD || (IsControl(rune) && c is not ('\t' or '\n' or '\r')))
            {
                continue;
            }

            if (IsWhiteSpace(rune))
            {
                output.Append(' ');
            }
            else if (IsCjk(c))
            {
                output.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                output.Append(rune.ToString());
            }
        }

        var normalized = output.ToString();
        if (_stripAccents)
        {
            normalized = StripAccents(normalized);
        }

        return _lowerCase ? normalized.ToLowerInvariant() : normalized;
    }

    private static string StripAccents(string text)
    {
        var folded = LatinAccents.Fold(text);
        var output = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var index = Precomposed.IndexOf(c, StringComparison.Ordinal);
            output.Append(index >= 0 ? Bases[index] : c);
        }

        return output.ToString();
    }

    /// <summary>Words split at spaces, every punctuation character a word of its own.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else if (IsPunctuation(rune))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }

                yield return rune.ToString();
            }
            else
            {
                word.Append(rune.ToString());
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private void WordPiece(string word, List<int> ids)
    {
        var runes = word.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (runes.Length > MaxWordLength)
        {
            ids.Add(_unknown);
            return;
        }

        var pieces = new List<int>();
        var start = 0;
        while (start < runes.Length)
        {
            var found = -1;
            var end = runes.Length;
            for (; end > start; end--)
            {
                var piece = string.Concat(runes[start..end]);
                if (_vocabulary.TryGetValue(start > 0 ? _prefix + piece : piece, out var id))
                {
                    found = id;
                    break;
                }
            }

            if (found < 0)
            {
                ids.Add(_unknown);
                return;
            }

            pieces.Add(found);
            start = end;
        }

        ids.AddRange(pieces);
    }

    private static bool IsWhiteSpace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    private static bool IsControl(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format;

    private static bool IsPunctuation(Rune rune)
    {
        var c = rune.Value;
        if (c is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int c) =>
        c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
