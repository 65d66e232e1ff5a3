namespace VlSearch.Search.Duplicates;

/// <summary>Photos looked up so far out of <see cref="Total"/>, and the pairs found.</summary>
public readonly record struct DuplicateProgress(int Done, int Total, int Pairs);
