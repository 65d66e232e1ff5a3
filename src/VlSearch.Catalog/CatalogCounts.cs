namespace VlSearch.Catalog;

/// <summary>What <see cref="CatalogProbe.CountsAsync"/> counts.</summary>
/// <param name="Libraries">Each library, ordered by name, with its photos and failed files.</param>
/// <param name="Failed">Failed files in all (including those of removed libraries).</param>
/// <param name="Warnings">Photos indexed from damaged files.</param>
/// <param name="Vectors">Stored vectors per model.</param>
public sealed record CatalogCounts(
    IReadOnlyList<CatalogCounts.LibraryCount> Libraries,
    long Failed,
    long Warnings,
    IReadOnlyList<(string Model, long Count)> Vectors)
{
    /// <summary>One library's counts.</summary>
    public sealed record LibraryCount(int Id, string Name, string RootPath, long Photos, long Failed);
}
