namespace VlSearch.Catalog;

/// <summary>What the catalog knows of one library before a scan (<see cref="CatalogProbe.ScanStateAsync"/>).</summary>
/// <param name="Photos">Every photo of the library.</param>
/// <param name="Embedded">Ids of those photos that have a vector of the scan's model.</param>
/// <param name="Failed">Files of the library that failed, with the size and time they had then.</param>
public sealed record CatalogScanState(
    IReadOnlyList<CatalogScanState.KnownFile> Photos,
    IReadOnlySet<long> Embedded,
    IReadOnlyList<CatalogScanState.FailedFile> Failed)
{
    /// <summary>A catalogued photo as a scan compares it; <paramref name="UpdatedAt"/> is when its row was last written.</summary>
    public sealed record KnownFile(long Id, string Path, long Size, DateTime ModifiedAt, string ContentHash, DateTime UpdatedAt);

    /// <summary>A file known to fail.</summary>
    public sealed record FailedFile(string Path, long Size, DateTime ModifiedAt);
}
