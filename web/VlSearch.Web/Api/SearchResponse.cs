using VlSearch.Search.Ranking;

namespace VlSearch.Web.Api;

/// <summary>A page of search hits, best first. Pass <see cref="NextCursor"/> as <c>cursor</c> for the next page; null at the end.</summary>
public sealed record SearchResponse(IReadOnlyList<SearchItem> Items, string? NextCursor)
{
    /// <summary>How many weaker hits the cutoff left out (<c>cutoff=none</c> shows them).</summary>
    public int HiddenByCutoff { get; init; }

    /// <summary>
    /// Whether the rerank stage ran (<c>ran</c>, <c>scored</c>) or was skipped, with the <c>reason</c> (no reranker, a
    /// model that could not be loaded, a query without text, a reranker failure); null when the search did not ask for it.
    /// </summary>
    public RerankStatus? Rerank { get; init; }

    /// <summary>With <c>explain=true</c>: each stage that ran and its time.</summary>
    public IReadOnlyList<StageTiming>? Timings { get; init; }
}
