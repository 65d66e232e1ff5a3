using System.Text;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Tests;

/// <summary>
/// Random and garbled queries from a seeded generator: each one parses into a well-formed query or is refused with a
/// <see cref="QuerySyntaxException"/> pointing inside the text, never any other exception.
/// </summary>
public sealed class QueryParserRandomTests
{
    private const int Queries = 1000;

    private static readonly string[] Valid =
    [
        "beach", "two kids", "\"red car\"", "-people", "+sunset", "-\"ice cream\"", "-0.5:people", "+2:sunset", "0.3:\"red car\"",
        "like:123", "-like:7", "0.5:like:/p/a.jpg", "like:\"/photos/a b.jpg\"", "camera:canon", "lens:\"EF 50mm\"", "type:jpg",
        "folder:/photos/2023", "library:Family", "tag:beach", "after:2023", "before:2024-03", "on:2023-07-14", "near:48.85,2.29",
        "near:1,2,5", "orientation:portrait", "12:30", "16:9", "http://x.org/a", "café", "東京", "😀", "🏖️", "👨‍👩‍👧",
    ];

    private static readonly string[] Pieces =
    [
        "\"", "\u201C", "\u201D", "\u201E", ":", "::", "-", "+", "--", "+-", ".", "..", ",", "/", "\\", "'", "`", "=", "*", "?",
        "like:", "camera:", "near:", "after:", "on:", "type:", "orientation:", "colour:", "x:", "Like:", "NEAR:", "://",
        "0", "-0", "1e9", "99999999999999999999", "-10.5", "10", ".5", "5.", "1.2.3", "NaN", "Infinity", "-90", "181",
        "2023", "2023-13", "2023-02-29", "0000", "9999-12-31", "\u0000", "\t", "\n", "\u007F", "\u0085", "\uD800", "\uDC00",
        "\u00A0", "\u3000", "\u200B", "\u200D", "\u202E", "\uFEFF", "\u0301", "e\u0301", "\uFFFD", "😀", "🏳️‍🌈", "ß", "İ", "ǅ",
        "<script>", "';--", "%00", "${x}", "{{x}}", "\\\"", "\"\"", "\" \"",
    ];

    private const string Garbling = "\":-+ .,\u201C\u0000";

    private static readonly string[] Separators = [" ", " ", " ", "", "  ", "\u00A0", "\t"];

    [Fact]
    public void A_thousand_random_and_garbled_queries_each_parse_or_fail_with_a_position_inside_the_text()
    {
        var random = new Random(13_0004);
        var (parsed, refused) = (0, 0);
        for (var n = 0; n < Queries; n++)
        {
            var text = Generate(random);
            try
            {
                CheckParsed(text, QueryParser.Parse(text));
                parsed++;
            }
            catch (QuerySyntaxException error)
            {
                CheckRefused(text, error);
                refused++;
            }
            catch (Exception other)
            {
                Assert.Fail($"Query #{n} {Escape(text)} threw {other.GetType().Name}: {other.Message}");
            }
        }

        // Both outcomes must be common, or the generator has drifted into testing only one side.
        Assert.True(parsed >= Queries / 5 && refused >= Queries / 5, $"{parsed} parsed, {refused} refused");
    }

    private static string Generate(Random random)
    {
        // Four in ten are valid pieces only, three mix in broken ones, the rest add raw random characters.
        var mode = random.Next(10);
        var builder = new StringBuilder();
        var count = random.Next(1, 8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(mode < 4 ? " " : Separators[random.Next(Separators.Length)]);
            }

            builder.Append((mode, random.Next(10)) switch
            {
                ( < 4, _) or (_, < 5) => Valid[random.Next(Valid.Length)],
                (_, < 8) or ( < 7, _) => Pieces[random.Next(Pieces.Length)] + (random.Next(2) == 0 ? Valid[random.Next(Valid.Length)] : ""),
                _ => RandomChars(random),
            });
        }

        var text = builder.ToString();
        return random.Next(20) switch
        {
            0 => Garble(random, text),
            1 => text.Length > 1 ? text[..random.Next(1, text.Length)] : text,
            2 => string.Concat(Enumerable.Repeat(text + " ", 1 + (PhotoSearch.MaxQueryLength / Math.Max(1, text.Length)))),
            _ => text,
        };
    }

    private static string RandomChars(Random random)
    {
        var chars = new char[random.Next(1, 8)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0, 0x20),
                2 => (char)random.Next(0x80, 0x3000),
                _ => (char)random.Next(0xD000, 0x10000),
            };
        }

        return new string(chars);
    }

    private static string Garble(Random random, string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < 3 && chars.Length > 0; i++)
        {
            chars[random.Next(chars.Length)] = Garbling[random.Next(Garbling.Length)];
        }

        return new string(chars);
    }

    private static void CheckParsed(string text, ParsedQuery query)
    {
        Assert.Equal(text, query.Text);
        Assert.InRange(query.VectorTerms.Count, 0, QueryParser.MaxVectorTerms);
        Assert.True(query.HasRankingTerms || !query.Filters.IsEmpty, Escape(text));
        foreach (var term in query.VectorTerms)
        {
            Assert.NotEqual(0f, term.Weight);
            Assert.InRange(Math.Abs(term.Weight), float.Epsilon, QueryParser.MaxWeight);
            Assert.InRange(term.Position, 0, text.Length - 1);
            Assert.False(string.IsNullOrWhiteSpace(term.Value), Escape(text));
        }

        Assert.All(query.KeywordWords.Concat(query.RequiredPhrases).Concat(query.ExcludedPhrases), w => Assert.False(string.IsNullOrWhiteSpace(w)));
        var filters = query.Filters;
        if (filters is { TakenFrom: { } from, TakenTo: { } to })
        {
            Assert.True(from <= to, Escape(text));
        }

        if (filters.Near is { } near)
        {
            Assert.InRange(near.Latitude, -90, 90);
            Assert.InRange(near.Longitude, -180, 180);
            Assert.InRange(near.Kilometres, double.Epsilon, QueryParser.MaxNearKilometres);
        }

        Assert.All(filters.FileTypes ?? [], t => Assert.Contains(t, QueryParser.FileTypes));
        Assert.Equal(query.Describe(), QueryParser.Parse(text).Describe());
    }

    private static void CheckRefused(string text, QuerySyntaxException error)
    {
        Assert.InRange(error.Position, 0, text.Length);
        Assert.InRange(error.Length, 1, Math.Max(1, text.Length - error.Position));
        Assert.Contains($" at position {error.Position}", error.Message, StringComparison.Ordinal);
        Assert.Contains('^', error.Pointer(text));
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
