namespace VlSearch.Search.Ranking;

/// <summary>How long one stage of a search took.</summary>
/// <param name="Stage">The stage's name (vector, keyword, fuse, rerank, cut, page).</param>
/// <param name="Milliseconds">Wall-clock time.</param>
public sealed record StageTiming(string Stage, double Milliseconds);
