using VlSearch.Search.Ranking;

namespace VlSearch.Web.Services;

/// <summary>What a search asks of the ranking pipeline beyond the query; nulls take the configured defaults.</summary>
public sealed record RankingChoice(
    SearchStages? Stages = null,
    FusionMethod? Fusion = null,
    double? VectorWeight = null,
    double? KeywordWeight = null,
    SearchCutoff? Cutoff = null,
    bool Explain = false)
{
    /// <summary>Rerank on or off for this search; null takes the configured default.</summary>
    public bool? Rerank { get; init; }

    /// <summary>Fused hits the reranker rescores; null takes the configured depth.</summary>
    public int? RerankTop { get; init; }
}
