using VlSearch.Catalog.Keywords;

namespace VlSearch.Search.Ranking;

/// <summary>A request checked and completed with the configured defaults.</summary>
internal sealed record SearchPlan(SearchStages Stages, FusionMethod Fusion, double VectorWeight, double KeywordWeight, SearchCutoff Cutoff, int Depth)
{
    /// <summary>Fused hits the rerank stage rescores.</summary>
    public int RerankDepth { get; init; } = 50;

    /// <summary>Why a requested rerank cannot run (no reranker installed); null when it can or was not asked for.</summary>
    public string? RerankUnavailable { get; init; }

    /// <summary>Largest offset a request may page to.</summary>
    public const int MaxOffset = 10_000;

    public static SearchPlan Create(SearchRequest request, SearchOptions options, bool hasReranker)
    {
        ArgumentNullException.ThrowIfNull(request.Query);
        ArgumentNullException.ThrowIfNull(request.Model);
        if (request.K is < 1 or > PhotoSearch.MaxResults)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.K, $"The number of results must be between 1 and {PhotoSearch.MaxResults}.");
        }

        if (request.Offset is < 0 or > MaxOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Offset, $"The offset must be between 0 and {MaxOffset}.");
        }

        if (request.Query.Text.Length > PhotoSearch.MaxQueryLength)
        {
            throw new ArgumentException($"The query is longer than {PhotoSearch.MaxQueryLength} characters.", nameof(request));
        }

        var stages = request.Stages ?? (options.Rerank && hasReranker ? options.Stages | SearchStages.Rerank : options.Stages);
        string? unavailable = null;
        if (request.Rerank is { } rerank)
        {
            stages = rerank && hasReranker ? stages | SearchStages.Rerank : stages & ~SearchStages.Rerank;
            unavailable = rerank && !hasReranker ? "no reranker is installed" : null;
        }

        var rerankDepth = request.RerankTop ?? options.RerankDepth;
        if (rerankDepth is < 1 or > SearchOptions.MaxRerankDepth)
        {
            throw new ArgumentOutOfRangeException(nameof(request), rerankDepth, $"The rerank depth must be between 1 and {SearchOptions.MaxRerankDepth}.");
        }

        if ((stages & SearchStages.Hybrid) == SearchStages.None)
        {
            throw new ArgumentException("A search needs the vector or the keyword retriever, or both.", nameof(request));
        }

        if (stages.HasFlag(SearchStages.Rerank) && !hasReranker)
        {
            throw new ArgumentException("No reranker is installed: leave out the rerank stage.", nameof(request));
        }

        var vectorWeight = Weight(request.VectorWeight ?? options.VectorWeight, "vector");
        var keywordWeight = Weight(request.KeywordWeight ?? options.KeywordWeight, "keyword");
        var cutoff = request.Cutoff ?? ScoreCutoff.Parse(options.Cutoff);
        var depth = Math.Min(Math.Max(request.K + request.Offset, options.RetrievalDepth), KeywordQuery.MaxLimit);
        return new SearchPlan(stages, request.Fusion ?? options.Fusion, vectorWeight, keywordWeight, cutoff, depth)
        {
            RerankDepth = rerankDepth,
            RerankUnavailable = unavailable,
        };
    }

    private static double Weight(double weight, string name) =>
        double.IsFinite(weight) && weight >= 0 && weight <= 100
            ? weight
            : throw new ArgumentException($"The {name} weight must be a number from 0 to 100, got {weight}.", nameof(weight));
}
