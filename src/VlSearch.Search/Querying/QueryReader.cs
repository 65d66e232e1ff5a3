namespace VlSearch.Search.Querying;

/// <summary>
/// Reads a query left to right, one space-separated token at a time, and hands each element to a
/// <see cref="QueryBuilder"/>. The text has already passed <see cref="QueryParser"/>'s character checks.
/// </summary>
/// <remarks>
/// A token is, in the order tried: an explicit weight (<c>[+-]number:</c> followed by a letter or a quote), a sign
/// (<c>+</c> / <c>-</c>), a quoted phrase, a <c>key:</c> (ASCII letters then a colon, not followed by <c>//</c>), or a
/// plain word. Every failure is a <see cref="QuerySyntaxException"/> at the offending character.
/// </remarks>
internal sealed class QueryReader(string text)
{
    private readonly QueryBuilder query = new(text);
    private int at;

    public ParsedQuery Read()
    {
        while (true)
        {
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            if (at >= text.Length)
            {
                return query.Build();
            }

            ReadToken();
        }
    }

    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E';

    private static bool IsAsciiLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    /// <summary><c>like:</c> (a photo) and <c>imagine:</c> (a description drawn by the text-to-image service) are image terms, not filters.</summary>
    private static bool IsImageKey(string key) => key is "like" or "imagine";

    private bool AtEndOfToken => at >= text.Length || char.IsWhiteSpace(text[at]);

    private void ReadToken()
    {
        var start = at;
        if (TryReadWeight(out var weight))
        {
            ReadWeighted(start, weight);
            return;
        }

        var c = text[at];
        if (c is '+' or '-')
        {
            at++;
            if (AtEndOfToken)
            {
                throw QueryErrors.At(
                    $"'{c}' stands alone", start, 1, $"write it right before a word, phrase or like: without a space, as in {c}sunset");
            }

            if (text[at] is '+' or '-')
            {
                throw QueryErrors.At("Two signs in a row", start, 2, "use one + or one -, or a weight such as -2:people");
            }

            ReadWeighted(start, c == '+' ? 1f : QueryParser.DefaultExcludeWeight);
            return;
        }

        if (IsQuote(c))
        {
            query.AddFreePhrase(ReadPhrase(), start);
            return;
        }

        if (TryReadKey(out var key, out var keyLength))
        {
            var (value, valueStart) = ReadValue(key, start, keyLength);
            if (IsImageKey(key))
            {
                AddImageTerm(key, value, 1f, start);
            }
            else
            {
                query.AddFilter(key, value, start, valueStart);
            }

            return;
        }

        query.AddFreeWord(ReadWord(), start);
    }

    private void AddImageTerm(string key, string value, float weight, int start)
    {
        if (key == "imagine")
        {
            query.AddImagined(value, weight, start);
        }
        else
        {
            query.AddImage(value, weight, start);
        }
    }

    /// <summary>
    /// A weight is <c>[+-]?digits[.digits]:</c> right before a letter or a quote. Requiring the letter keeps times and
    /// ratios (<c>12:30</c>, <c>16:9</c>) plain words; anything number-like in that place that is not a number is an error.
    /// </summary>
    private bool TryReadWeight(out float weight)
    {
        weight = 0;
        var i = at;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }

        var digits = false;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            digits |= char.IsAsciiDigit(text[i]);
            i++;
        }

        if (!digits || i + 1 >= text.Length || text[i] != ':' || !(char.IsLetter(text[i + 1]) || IsQuote(text[i + 1])))
        {
            return false;
        }

        var number = text[at..i];
        if (!QueryValues.TryParseNumber(number, out var value))
        {
            throw QueryErrors.At($"'{number}' is not a number", at, number.Length, "weights look like 2:sunset, -0.5:people or +1.5:\"red car\"");
        }

        // Compared as the float the term carries, so a weight too small for it is refused as 0 rather than kept as 0.
        if ((float)value == 0 || Math.Abs(value) > QueryParser.MaxWeight)
        {
            throw QueryErrors.At(
                $"Weight {number} is out of range", at, number.Length, $"a weight is between -{QueryParser.MaxWeight} and {QueryParser.MaxWeight}, and not 0");
        }

        weight = (float)value;
        at = i + 1;
        return true;
    }

    /// <summary>What follows a sign or a weight: a phrase, a word, <c>like:</c> or <c>imagine:</c>; filters take neither.</summary>
    private void ReadWeighted(int start, float weight)
    {
        var targetStart = at;
        if (IsQuote(text[at]))
        {
            query.AddTerm(ReadPhrase(), weight, start, quoted: true);
            return;
        }

        if (TryReadKey(out var key, out var keyLength))
        {
            if (!IsImageKey(key))
            {
                throw QueryErrors.At(
                    $"The filter '{text.Substring(targetStart, keyLength)}' cannot take a sign or a weight",
                    start,
                    targetStart - start + keyLength,
                    "signs and weights go on words, quoted phrases, like: and imagine:, filters only narrow the results");
            }

            var (value, _) = ReadValue(key, targetStart, keyLength);
            AddImageTerm(key, value, weight, start);
            return;
        }

        query.AddTerm(ReadWord(), weight, start, quoted: false);
    }

    /// <summary>
    /// Reads <c>key:</c> when the token starts with ASCII letters and a colon. <c>scheme://</c> is left to be a word
    /// so that a pasted address searches as text. An unknown key is an error that lists the keys.
    /// </summary>
    private bool TryReadKey(out string key, out int length)
    {
        key = "";
        length = 0;
        var i = at;
        while (i < text.Length && IsAsciiLetter(text[i]))
        {
            i++;
        }

        if (i == at || i >= text.Length || text[i] != ':' || text.AsSpan(i).StartsWith("://", StringComparison.Ordinal))
        {
            return false;
        }

        var typed = text[at..(i + 1)];
        key = typed[..^1].ToLowerInvariant();
        if (!IsImageKey(key) && !QueryParser.Keys.Contains(key))
        {
            throw QueryErrors.At(
                $"Unknown filter '{typed}'",
                at,
                typed.Length,
                $"filters are {string.Join(", ", QueryParser.Keys.Select(k => k + ":"))} (and like: for photos like a photo, imagine: for photos like a picture drawn from a description); to search for a word with a colon, put it in quotes");
        }

        length = typed.Length;
        at = i + 1;
        return true;
    }

    /// <summary>The value right after <c>key:</c>: a quoted string (kept as typed inside the quotes) or a run up to the next space.</summary>
    private (string Value, int Start) ReadValue(string key, int keyStart, int keyLength)
    {
        if (AtEndOfToken)
        {
            throw QueryErrors.At(
                $"'{text.Substring(keyStart, keyLength)}' has no value",
                keyStart,
                keyLength,
                $"write the value right after the colon, as in {Example(key)}");
        }

        if (IsQuote(text[at]))
        {
            var quote = at;
            var inner = ReadQuoted();
            var value = inner.Trim();
            if (value.Length == 0)
            {
                throw QueryErrors.At("Empty quotes", quote, inner.Length + 2, $"put the value between the quotes, as in {Example(key)}");
            }

            return (value, quote + 1 + (inner.Length - inner.TrimStart().Length));
        }

        var start = at;
        return (ReadWord(), start);
    }

    private static string Example(string key) => key switch
    {
        "like" => "like:1234 or like:\"/photos/beach day.jpg\"",
        "imagine" => "imagine:\"a red kite over a beach\"",
        "after" or "before" or "on" => $"{key}:2023, {key}:2023-07 or {key}:2023-07-14",
        "near" => "near:48.8584,2.2945 or near:48.8584,2.2945,5",
        "orientation" => "orientation:portrait, orientation:landscape or orientation:square",
        "type" => "type:jpeg",
        _ => $"{key}:canon or {key}:\"two words\"",
    };

    /// <summary>A quoted phrase as text: its words, single-spaced.</summary>
    private string ReadPhrase()
    {
        var quote = at;
        var inner = ReadQuoted();
        var phrase = string.Join(' ', inner.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (phrase.Length == 0)
        {
            throw QueryErrors.At("Empty quotes", quote, inner.Length + 2, "put words between the quotes, or leave them out");
        }

        return phrase;
    }

    /// <summary>What lies between the quote at the cursor and the next quote; any of " “ ” „ opens and closes.</summary>
    private string ReadQuoted()
    {
        var open = at;
        var close = text.AsSpan(open + 1).IndexOfAny("\"\u201C\u201D\u201E");
        if (close < 0)
        {
            throw QueryErrors.At("Unterminated quote", open, 1, "close the phrase with another \"");
        }

        close += open + 1;
        at = close + 1;
        if (!AtEndOfToken)
        {
            throw QueryErrors.At("Text right after a closing quote", at, 1, "put a space after the closing quote");
        }

        return text[(open + 1)..close];
    }

    /// <summary>A run of characters up to the next space; a quote inside it is an error, since it would silently open nothing.</summary>
    private string ReadWord()
    {
        var start = at;
        while (!AtEndOfToken)
        {
            if (IsQuote(text[at]))
            {
                throw QueryErrors.At("A quote inside a word", at, 1, "put a space before a quoted phrase, or leave the quote out");
            }

            at++;
        }

        return text[start..at];
    }
}
