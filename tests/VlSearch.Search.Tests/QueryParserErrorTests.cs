using VlSearch.Search.Querying;

namespace VlSearch.Search.Tests;

/// <summary>Every kind of bad query: the error says what is wrong and points at where.</summary>
public sealed class QueryParserErrorTests
{
    public static TheoryData<string, int, string> Errors() => new()
    {
        // The text as a whole.
        { "", 0, "The query is empty" },
        { "   \u00A0 ", 0, "The query is empty" },
        { "beach\tsunset", 5, "Control character U+0009" },
        { "a\u0000", 1, "Control character U+0000" },
        { "beach\nsunset", 5, "Control character U+000A" },
        { "a\u007F", 1, "Control character U+007F" },
        { new string('a', PhotoSearch.MaxQueryLength + 1), PhotoSearch.MaxQueryLength, "The query is longer than 2000 characters" },

        // Quotes.
        { "beach \"red car", 6, "Unterminated quote" },
        { "-\"oops", 1, "Unterminated quote" },
        { "like:\"/a b", 5, "Unterminated quote" },
        { "\"\"", 0, "Empty quotes" },
        { "beach \"   \"", 6, "Empty quotes" },
        { "camera:\"\"", 7, "Empty quotes" },
        { "\"red car\"s", 9, "Text right after a closing quote" },
        { "\"a\"\"b\"", 3, "Text right after a closing quote" },
        { "beach\"", 5, "A quote inside a word" },
        { "camera:ab\"c", 9, "A quote inside a word" },

        // Signs and weights.
        { "- beach", 0, "'-' stands alone" },
        { "beach +", 6, "'+' stands alone" },
        { "--beach", 0, "Two signs in a row" },
        { "+-1:x", 0, "Two signs in a row" },
        { "1.2.3:beach", 0, "'1.2.3' is not a number" },
        { "beach -1..5:people", 6, "'-1..5' is not a number" },
        { "0:beach", 0, "Weight 0 is out of range" },
        { "-0.0:beach", 0, "Weight -0.0 is out of range" },
        { "0.0000000000000000000000000000000000000000000001:beach", 0, "Weight 0.0000000000000000000000000000000000000000000001 is out of range" },
        { "11:beach", 0, "Weight 11 is out of range" },
        { "-10.5:beach", 0, "Weight -10.5 is out of range" },
        { "2023:beach", 0, "Weight 2023 is out of range" },
        { "-camera:canon", 0, "The filter 'camera:' cannot take a sign or a weight" },
        { "2:tag:x", 0, "The filter 'tag:' cannot take a sign or a weight" },

        // Keys.
        { "colour:red", 0, "Unknown filter 'colour:'" },
        { "beach Colour:red", 6, "Unknown filter 'Colour:'" },
        { "+colour:red", 1, "Unknown filter 'colour:'" },
        { "0.5:colour:red", 4, "Unknown filter 'colour:'" },
        { "note: beach", 0, "Unknown filter 'note:'" },
        { "camera:", 0, "'camera:' has no value" },
        { "camera: canon", 0, "'camera:' has no value" },
        { "like:", 0, "'like:' has no value" },
        { "sunset -like: x", 8, "'like:' has no value" },
        { "like:99999999999999999999", 0, "Photo id 99999999999999999999 is too large" },

        // Filter values.
        { "type:raw", 5, "Unknown file type 'type:raw'" },
        { "after:2023-13", 6, "'after:2023-13' is not a date" },
        { "after:23", 6, "'after:23' is not a date" },
        { "on:2023-02-30", 3, "'on:2023-02-30' is not a date" },
        { "on:0000", 3, "'on:0000' is not a date" },
        { "before:2023/07/01", 7, "'before:2023/07/01' is not a date" },
        { "on:2023-7-1", 3, "'on:2023-7-1' is not a date" },
        { "after:+023", 6, "'after:+023' is not a date" },
        { "after:2023 after:2024", 11, "'after:' is given twice" },
        { "on:2023 on:2024", 8, "'on:' is given twice" },
        { "after:2024 before:2023", 11, "The dates leave no time to search" },
        { "before:2023 after:2023", 12, "The dates leave no time to search" },
        { "on:2023-07 before:2023-07", 11, "The dates leave no time to search" },
        { "on:2023-07 on:2023-08", 11, "'on:' is given twice" },
        { "before:0001", 0, "Nothing can be taken before year 1" },
        { "near:48.8", 5, "'near:48.8' needs a latitude and a longitude" },
        { "near:1,2,3,4", 5, "'near:1,2,3,4' needs a latitude and a longitude" },
        { "near:91,0", 5, "The latitude 91 of near: is out of range" },
        { "near:0,181", 7, "The longitude 181 of near: is out of range" },
        { "near:0,0,0", 9, "The radius 0 of near: is out of range" },
        { "near:0,0,-1", 9, "The radius -1 of near: is out of range" },
        { "near:0,0,20001", 9, "The radius 20001 of near: is out of range" },
        { "near:a,0", 5, "The latitude 'a' of near: is not a number" },
        { "near:NaN,0", 5, "The latitude 'NaN' of near: is not a number" },
        { "near:1e3,0", 5, "The latitude '1e3' of near: is not a number" },
        { "near:\"1, x\"", 9, "The longitude 'x' of near: is not a number" },
        { "near:0,,5", 7, "The longitude of near: is missing" },
        { "near:1,2 near:3,4", 9, "'near:' is given twice" },
        { "orientation:round", 12, "Unknown orientation 'round'" },
        { "orientation:portrait orientation:square", 21, "'orientation:' is given twice" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_bad_query_is_refused_with_the_problem_and_its_position(string text, int position, string problem)
    {
        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.StartsWith(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
        Assert.Contains($" at position {position}; ", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Length, 1, Math.Max(1, text.Length - position));
    }

    [Theory]
    [InlineData(true, "ab", "c")]
    [InlineData(false, "ab", "c")]
    [InlineData(true, "ab", "")]
    [InlineData(false, "ab", "")]
    public void Half_of_a_surrogate_pair_is_refused_where_it_stands(bool high, string before, string after)
    {
        // Built here: test data holding a lone surrogate does not survive the runner's serialization.
        var text = before + (high ? '\uD800' : '\uDC00') + after;

        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Equal(before.Length, error.Position);
        Assert.StartsWith($"Invalid character U+{(high ? "D800" : "DC00")} (half of a surrogate pair)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_filter_lists_every_key()
    {
        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse("beach colour:red"));

        Assert.Equal(6, error.Position);
        Assert.Equal("colour:".Length, error.Length);
        Assert.All(QueryParser.Keys, key => Assert.Contains(key + ":", error.Message, StringComparison.Ordinal));
        Assert.Contains("like:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_more_vector_term_than_allowed_is_refused_at_that_term()
    {
        var terms = Enumerable.Range(0, QueryParser.MaxVectorTerms + 1).Select(i => "+w" + (i % 10)).ToList();
        var text = string.Join(' ', terms);

        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Equal("+w0 ".Length * QueryParser.MaxVectorTerms, error.Position);
        Assert.StartsWith($"More than {QueryParser.MaxVectorTerms} terms to embed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_query_is_refused_as_an_empty_one()
    {
        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(null!));

        Assert.Equal(0, error.Position);
    }

    [Fact]
    public void A_syntax_error_is_an_argument_exception_so_every_host_answers_it_as_bad_input()
    {
        Assert.IsAssignableFrom<ArgumentException>(Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse("colour:red")));
    }

    [Fact]
    public void The_longest_query_allowed_parses()
    {
        var text = string.Join(' ', Enumerable.Repeat("beach", PhotoSearch.MaxQueryLength / 6)).PadRight(PhotoSearch.MaxQueryLength, 'x');

        Assert.Equal(PhotoSearch.MaxQueryLength, QueryParser.Parse(text).Text.Length);
    }
}
