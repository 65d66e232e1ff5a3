namespace VlSearch.Indexing;

/// <summary>How many of the catalog's photos have a vector of one model.</summary>
public sealed record ModelCoverage(long Photos, long Embedded);
