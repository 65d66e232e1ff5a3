namespace VlSearch.Search.Ranking;

/// <summary>What the ranking pipeline returns.</summary>
/// <param name="Hits">The page of hits, best first.</param>
/// <param name="HiddenByCutoff">How many weaker hits the cutoff left out (shown on request with cutoff none).</param>
/// <param name="Timings">Each stage that ran, in order, with its duration.</param>
public sealed record SearchResults(IReadOnlyList<RankedHit> Hits, int HiddenByCutoff, IReadOnlyList<StageTiming> Timings)
{
    /// <summary>Whether the rerank stage ran or was skipped and why; null when the search did not ask for it.</summary>
    public RerankStatus? Rerank { get; init; }
}
