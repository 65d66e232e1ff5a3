namespace VlSearch.Jobs.Admin;

/// <summary>What is catalogued and indexed: the one status computation behind <c>vlsearch status</c> and the admin status.</summary>
public sealed record CatalogSummary(long Photos, long FailedFiles, IReadOnlyList<LibraryCounts> Libraries, IReadOnlyList<ModelVectors> Models)
{
    /// <summary>Photos indexed from damaged files (cut short, completed with filler by the decoder).</summary>
    public long Warnings { get; init; }
}
