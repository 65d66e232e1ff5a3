namespace VlSearch.Indexing;

/// <summary>What a caption run did.</summary>
public sealed record CaptionRunResult(long Captioned, long Failed, long SkippedKnownBad, bool ModelChanged);
