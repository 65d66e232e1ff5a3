using VlSearch.Catalog;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary><c>lens:</c>: matches a lens name as words of the photo's lens model, case-insensitively.</summary>
internal static class LensFilter
{
    /// <summary>Refuses <c>lens:</c> while the catalog records no lens, so the filter never silently matches nothing.</summary>
    public static void EnsureAvailable(IReadOnlyList<string>? lenses, string text)
    {
        if (lenses is not null)
        {
            throw new QuerySyntaxException(
                "lens: is not available yet: this catalog does not record lenses.", Math.Max(0, text.IndexOf("lens:", StringComparison.OrdinalIgnoreCase)), 5);
        }
    }

    public static bool Matches(Photo photo, IReadOnlyList<string> lenses) => photo is not null && lenses.Count == 0;
}
