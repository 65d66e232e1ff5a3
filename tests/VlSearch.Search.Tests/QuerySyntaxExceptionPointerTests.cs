using VlSearch.Search.Querying;

namespace VlSearch.Search.Tests;

/// <summary>The caret line a host prints under a query error.</summary>
public sealed class QuerySyntaxExceptionPointerTests
{
    public static TheoryData<string, string> Pointers() => new()
    {
        { "beach colour:red", "beach colour:red\n      ^^^^^^^" },
        { "beach \"red car", "beach \"red car\n      ^" },
        { "a\tb", "a\uFFFDb\n ^" },
        { "😀 colour:x", "😀 colour:x\n  ^^^^^^^" },
        { "", "\n^" },
        { "near:0,0,0", "near:0,0,0\n         ^" },
    };

    [Theory]
    [MemberData(nameof(Pointers))]
    public void The_caret_sits_under_the_offending_characters(string text, string expected)
    {
        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        Assert.Equal(expected, error.Pointer(text));
    }

    [Fact]
    public void A_long_query_shows_a_window_around_the_error_with_the_caret_under_it()
    {
        var text = new string('a', 300) + " colour:x " + new string('b', 300);
        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        var lines = error.Pointer(text).Split('\n');

        Assert.True(lines[0].Length < 150, lines[0]);
        Assert.StartsWith("…", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("…", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("colour:", lines[0][lines[1].IndexOf('^', StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_too_long_points_at_the_first_character_past_the_limit()
    {
        var text = new string('a', PhotoSearch.MaxQueryLength + 5);
        var error = Assert.Throws<QuerySyntaxException>(() => QueryParser.Parse(text));

        var lines = error.Pointer(text).Split('\n');

        Assert.Equal("…" + new string('a', 55), lines[0]);
        Assert.Equal(new string(' ', 51) + "^^^^^", lines[1]);
    }
}
