namespace VlSearch.Indexing;

/// <summary>A snapshot of a caption run: photos handled of the total, and how many of those failed.</summary>
public sealed record CaptionProgress(long Done, long Total, long Failed);
