namespace VlSearch.Search.Ranking;

/// <summary>One retriever's ranked list, best first, and its weight in fusion.</summary>
/// <param name="Stage">The retriever's name (vector, keyword).</param>
/// <param name="Weight">Its weight in fusion, 0 or more.</param>
/// <param name="Hits">Its hits, best first; each id at most once.</param>
public sealed record RetrieverList(string Stage, double Weight, IReadOnlyList<RetrieverHit> Hits);
