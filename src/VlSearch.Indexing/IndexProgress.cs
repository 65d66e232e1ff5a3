namespace VlSearch.Indexing;

/// <summary>A snapshot of an indexing run for progress displays.</summary>
/// <param name="Phase">What the run is doing.</param>
/// <param name="Done">Items finished in this phase.</param>
/// <param name="Total">Items this phase will handle (0 while unknown).</param>
/// <param name="Failed">Files that failed so far in the whole run.</param>
public sealed record IndexProgress(IndexPhase Phase, long Done, long Total, long Failed);
