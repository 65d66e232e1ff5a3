using VlSearch.Onnx;

namespace VlSearch.Cli.Tests;

/// <summary>
/// OpenCLIP's <c>canonicalize</c> cleanup, which immich's SigLIP2 folders name in config.json. Each expected output
/// follows OpenCLIP's rule by hand: ftfy's quote, width and ligature fixes, HTML entities decoded, ends trimmed, "_"
/// made a space, <c>string.punctuation</c> removed, Python's <c>lower()</c>, white space collapsed.
/// </summary>
public sealed class OpenClipCleanupTests
{
    [Theory]
    [InlineData("A Photo of a Dog.", "a photo of a dog")]
    [InlineData("  leading and trailing  ", "leading and trailing")]
    [InlineData("snake_case_words", "snake case words")]
    [InlineData("C'est la vie...", "cest la vie")]
    [InlineData("e-mail: someone@example.com", "email someoneexamplecom")]
    [InlineData("tabs\tand\nnew\r\nlines", "tabs and new lines")]
    [InlineData("multiple    spaces", "multiple spaces")]
    [InlineData("a - b", "a b")]
    [InlineData("x_-_y", "x y")]
    [InlineData("&amp;amp; fish &amp; chips", "fish chips")]
    [InlineData("caf&eacute; &lt;b&gt;", "caf\u00e9 b")]
    [InlineData("<b>bold</b> &amp; more", "bboldb more")]
    [InlineData("\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 \u039f\u0394\u039f\u03a3", "\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2 \u03bf\u03b4\u03bf\u03c2")]
    [InlineData("\u0130stanbul", "i\u0307stanbul")]
    [InlineData("Stra\u00dfe \u00dcBER", "stra\u00dfe \u00fcber")]
    [InlineData("\u201ccurly\u201d \u2018quotes\u2019", "curly quotes")]
    [InlineData("\uff26\uff35\uff2c\uff2c\u3000\uff57\uff49\uff44\uff54\uff48\uff01\uff1f", "full width")]
    [InlineData("\u732b\uff0c\u72d7\u3002", "\u732b\u72d7\u3002")]
    [InlineData("\ufb01sh \ufb02ower", "fish flower")]
    [InlineData("\u00e9moji \ud83d\udc36 DOG!", "\u00e9moji \ud83d\udc36 dog")]
    [InlineData("", "")]
    [InlineData("!!!", "")]
    [InlineData("\u00a0nbsp\u00a0\u2003em space", "nbsp em space")]
    [InlineData("line\u2028separated\u2029text", "line separated text")]
    [InlineData("(2024) [x] {y}", "2024 x y")]
    [InlineData("100% #1 @home", "100 1 home")]
    [InlineData("\u00dcn\u00efc\u00f6d\u00e9 \u00c0\u00c9\u00ce", "\u00fcn\u00efc\u00f6d\u00e9 \u00e0\u00e9\u00ee")]
    [InlineData("don't stop", "dont stop")]
    public void Canonicalize_follows_open_clips_rule(string text, string expected) =>
        Assert.Equal(expected, OpenClipTextCleanup.Canonicalize(text));

    [Fact]
    public void The_other_cleanups_keep_punctuation_and_lower_only_when_asked()
    {
        Assert.Equal("Hello, World_x!", OpenClipTextCleanup.Whitespace("  Hello,\t World_x!  "));
        Assert.Equal("hello, world_x!", OpenClipTextCleanup.Lower("  Hello,\t World_x!  "));
        Assert.Equal("Hello, World x!", OpenClipTextCleanup.WhitespaceUnderscore("  Hello,\t World_x!  "));
    }
}
