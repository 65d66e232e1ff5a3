namespace VlSearch.Indexing;

/// <summary>Where libraries may be rooted, bound from the <c>Libraries</c> section.</summary>
public sealed class LibraryRootOptions
{
    public const string SectionName = "Libraries";

    /// <summary>
    /// When set, a library folder must be one of these folders or inside one (after links are resolved): for a
    /// server whose admin page should only ever reach the photo shares, e.g. <c>/srv/photos</c>. Empty allows any
    /// folder that <see cref="LibraryRootPolicy"/> does not refuse.
    /// </summary>
    public string[]? AllowedRoots { get; set; }
}
