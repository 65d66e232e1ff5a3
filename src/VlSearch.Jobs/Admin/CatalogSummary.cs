namespace VlSearch.Jobs.Admin;

/// <summary>What is catalogued and indexed: the one status computation behind <c>vlsearch status</c> and the admin status.</summary>
public sealed record CatalogSummary(long Photos, long FailedFiles, IReadOnlyList<LibraryCounts> Libraries, IReadOnlyList<ModelVectors> Models);
