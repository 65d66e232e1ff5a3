namespace VlSearch.Search.Ranking;

/// <summary>One entry of a ranked list: a photo and the list's score for it (higher is better).</summary>
public sealed record RetrieverHit(long Id, double Score);
