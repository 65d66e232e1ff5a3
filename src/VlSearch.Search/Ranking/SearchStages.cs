namespace VlSearch.Search.Ranking;

/// <summary>The retrievers and stages a search runs.</summary>
[Flags]
public enum SearchStages
{
    /// <summary>Nothing: not a valid request on its own.</summary>
    None = 0,

    /// <summary>Nearest neighbours of the query vector.</summary>
    Vector = 1,

    /// <summary>The keyword index.</summary>
    Keyword = 2,

    /// <summary>The rerank stage over the fused top (when a reranker is installed).</summary>
    Rerank = 4,

    /// <summary>Vector and keyword, fused.</summary>
    Hybrid = Vector | Keyword,
}
