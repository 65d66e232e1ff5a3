using VlSearch.Core;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary>One search through the ranking pipeline: the parsed query, the model, which stages run, and the page.</summary>
public sealed record SearchRequest
{
    /// <summary>The query (see <see cref="QueryParser"/>).</summary>
    public required ParsedQuery Query { get; init; }

    /// <summary>The embedding model whose collection the vector retriever searches.</summary>
    public required IEmbeddingModel Model { get; init; }

    /// <summary>Hits on the page, 1 to <see cref="PhotoSearch.MaxResults"/>.</summary>
    public int K { get; init; } = 24;

    /// <summary>Hits to skip (paging), counted after the cutoff.</summary>
    public int Offset { get; init; }

    /// <summary>Which retrievers and stages run; null takes the configured defaults.</summary>
    public SearchStages? Stages { get; init; }

    /// <summary>
    /// Turns the rerank stage on or off for this request, over <see cref="Stages"/> or the defaults; null keeps them.
    /// Asking for it where no reranker is installed runs the search without it and says so.
    /// </summary>
    public bool? Rerank { get; init; }

    /// <summary>Fused hits the rerank stage rescores, 1 to <see cref="SearchOptions.MaxRerankDepth"/>; null takes the configured depth.</summary>
    public int? RerankTop { get; init; }

    /// <summary>How ranked lists are fused; null takes the configured default.</summary>
    public FusionMethod? Fusion { get; init; }

    /// <summary>Weight of the vector retriever in fusion; null takes the configured default.</summary>
    public double? VectorWeight { get; init; }

    /// <summary>Weight of the keyword retriever in fusion; null takes the configured default.</summary>
    public double? KeywordWeight { get; init; }

    /// <summary>The tail cutoff; null takes the configured default.</summary>
    public SearchCutoff? Cutoff { get; init; }

    /// <summary>Whether each hit carries every stage's rank and score.</summary>
    public bool Explain { get; init; }

    /// <summary>Conditions of the host's own options (CLI flags, API parameters), combined with the query's filters: both must hold.</summary>
    public PhotoFilter? Filter { get; init; }

    /// <summary>
    /// Whether a <c>like:</c> path that is not catalogued may be read and embedded from disk. Only a local host (the
    /// CLI) sets it; a server searches by catalogued photos only, so a request cannot make it read arbitrary files.
    /// </summary>
    public bool AllowImageFiles { get; init; }
}
