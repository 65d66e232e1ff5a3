namespace VlSearch.Indexing;

/// <summary>A snapshot of a feature extraction run for progress displays.</summary>
/// <param name="Done">Photos handled so far, failed ones included.</param>
/// <param name="Total">Photos the run expects to handle.</param>
/// <param name="Failed">Photos whose features could not be extracted.</param>
public sealed record FeatureProgress(long Done, long Total, long Failed);
