using VlSearch.Search.Ranking;

namespace VlSearch.Web.Services;

/// <summary>What a search asks of the ranking pipeline beyond the query; nulls take the configured defaults.</summary>
public sealed record RankingChoice(
    SearchStages? Stages = null,
    FusionMethod? Fusion = null,
    double? VectorWeight = null,
    double? KeywordWeight = null,
    SearchCutoff? Cutoff = null,
    bool Explain = false);
