using System.Net;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace VlSearch.Onnx;

/// <summary>CLIP's text clean-up: HTML-unescape twice, collapse whitespace, trim, lower-case.</summary>
internal sealed partial class ClipNormalizer : Normalizer
{
    public static ClipNormalizer Instance { get; } = new();

    public override string Normalize(string original)
    {
        // Twice, because scraped captions are often escaped twice ("&amp;amp;").
        var text = WebUtility.HtmlDecode(WebUtility.HtmlDecode(original));
        return Whitespace().Replace(text, " ").Trim().ToLowerInvariant();
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
