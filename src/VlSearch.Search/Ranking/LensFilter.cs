using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;

namespace VlSearch.Search.Ranking;

/// <summary>
/// <c>lens:</c>: a lens name matches when each of its words is a word of the photo's lens (case and separators
/// ignored), so "50mm" finds "EF50mm f/1.8 STM" and "rf 24-70" finds "Canon RF24-70mm F2.8 L IS USM".
/// </summary>
internal static class LensFilter
{
    public static bool Matches(Photo photo, IReadOnlyList<string> lenses)
    {
        if (string.IsNullOrWhiteSpace(photo.Lens))
        {
            return false;
        }

        var words = KeywordTokenizer.Tokenize(photo.Lens).ToHashSet(StringComparer.Ordinal);
        return lenses.Any(lens => KeywordTokenizer.Tokenize(lens) is { Count: > 0 } wanted && wanted.All(words.Contains));
    }
}
