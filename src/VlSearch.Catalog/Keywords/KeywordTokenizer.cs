using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace VlSearch.Catalog.Keywords;

/// <summary>
/// Splits names and text into the words the keyword index stores and queries: runs of letters and digits, cut again
/// where letters meet digits and at camelCase humps ("IMG_2041_BeachTrip.jpg" gives img 2041 beach trip jpg), in lower
/// case, accents removed. Both engines receive these words ready-made, so SQLite and PostgreSQL match alike.
/// </summary>
public static class KeywordTokenizer
{
    /// <summary>Longest word kept; longer runs (hashes, base64) are cut to this length.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>
    /// Latin letters with accents and their plain spelling. A table, not Unicode decomposition: the build runs with
    /// invariant globalization, where normalization is not available.
    /// </summary>
    private static readonly FrozenDictionary<char, string> Folds =
        ("àa áa âa ãa äa åa āa ăa ąa æae çc ćc ĉc ċc čc ďd đd ðd èe ée êe ëe ēe ĕe ėe ęe ěe ĝg ğg ġg ģg ĥh ħh "
         + "ìi íi îi ïi ĩi īi ĭi įi ıi ĵj ķk ĺl ļl ľl ŀl łl ñn ńn ņn ňn òo óo ôo õo öo øo ōo ŏo őo œoe ŕr ŗr řr "
         + "śs ŝs şs šs ßss ţt ťt ŧt þth ùu úu ûu üu ũu ūu ŭu ůu űu ųu ŵw ýy ÿy ŷy źz żz žz")
        .Split(' ')
        .ToFrozenDictionary(pair => pair[0], pair => pair[1..]);

    /// <summary>The words of <paramref name="text"/>, in order, repeats kept.</summary>
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        foreach (var run in Runs(text))
        {
            tokens.AddRange(Split(run));
        }

        return tokens;
    }

    /// <summary>
    /// The text stored for <paramref name="text"/>: its words, then each compound run whole ("beachtrip", "dsc0042")
    /// after them so a query typed without separators also matches, while phrases keep their neighbours.
    /// </summary>
    public static string ToIndexText(string? text)
    {
        var words = new List<string>();
        var compounds = new List<string>();
        foreach (var run in Runs(text))
        {
            var parts = Split(run);
            words.AddRange(parts);
            if (parts.Count > 1)
            {
                compounds.Add(Word(run));
            }
        }

        words.AddRange(compounds);
        return string.Join(' ', words);
    }

    /// <summary>Whether <paramref name="word"/> is a word this tokenizer produces (lower-case letters and digits).</summary>
    public static bool IsToken(string? word) =>
        !string.IsNullOrEmpty(word) && word.Length <= MaxTokenLength
        && word.All(c => char.IsDigit(c) || (char.IsLetter(c) && !char.IsUpper(c)));

    /// <summary>Maximal runs of letters and digits, combining accents removed.</summary>
    private static IEnumerable<string> Runs(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var run = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                run.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                // A combining accent (text typed decomposed): dropped, the word goes on.
            }
            else if (run.Length > 0)
            {
                yield return run.ToString();
                run.Clear();
            }
        }

        if (run.Length > 0)
        {
            yield return run.ToString();
        }
    }

    /// <summary>Cuts a run where letters meet digits, before an upper-case letter that follows a lower-case one, and before the last capital of an acronym followed by lower case ("HTMLParser").</summary>
    private static List<string> Split(string run)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 1; i < run.Length; i++)
        {
            var previous = run[i - 1];
            var current = run[i];
            var boundary = char.IsDigit(previous) != char.IsDigit(current)
                || (char.IsLower(previous) && char.IsUpper(current))
                || (char.IsUpper(previous) && char.IsUpper(current) && i + 1 < run.Length && char.IsLower(run[i + 1]));
            if (boundary)
            {
                parts.Add(Word(run[start..i]));
                start = i;
            }
        }

        parts.Add(Word(run[start..]));
        return parts;
    }

    /// <summary>Lower case, accents folded, cut to <see cref="MaxTokenLength"/>.</summary>
    private static string Word(string part)
    {
        var lower = part.ToLowerInvariant();
        if (lower.Any(c => Folds.ContainsKey(c)))
        {
            var folded = new StringBuilder(lower.Length + 2);
            foreach (var c in lower)
            {
                folded.Append(Folds.TryGetValue(c, out var plain) ? plain : c.ToString());
            }

            lower = folded.ToString();
        }

        return lower.Length <= MaxTokenLength ? lower : lower[..MaxTokenLength];
    }
}
