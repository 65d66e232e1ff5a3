using VlSearch.Search.Ranking;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Hits of one page and the offset of the next one (null at the end).</summary>
public sealed record SearchPage(IReadOnlyList<SearchItem> Items, int? NextOffset)
{
    public static SearchPage Empty { get; } = new([], null);

    /// <summary>How many weaker hits the cutoff left out.</summary>
    public int HiddenByCutoff { get; init; }

    /// <summary>Each stage's time, when the search was explained.</summary>
    public IReadOnlyList<StageTiming>? Timings { get; init; }

    /// <summary>Whether the rerank stage ran or was skipped and why; null when the search did not ask for it.</summary>
    public RerankStatus? Rerank { get; init; }

    public SearchResponse ToResponse() =>
        new(Items, NextOffset is { } next ? SearchCursor.Encode(next) : null) { HiddenByCutoff = HiddenByCutoff, Timings = Timings, Rerank = Rerank };
}
