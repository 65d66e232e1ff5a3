namespace VlSearch.Jobs.Admin;

/// <summary>Counts for the admin status panel.</summary>
public sealed record CatalogStatus(string ActiveModel, int Libraries, int Photos, int FailedFiles, long Vectors, IReadOnlyDictionary<string, int> VectorsPerModel)
{
    /// <summary>Photos indexed from damaged files; see <see cref="LibraryAdmin.WarningsAsync"/>.</summary>
    public int Warnings { get; init; }
}
