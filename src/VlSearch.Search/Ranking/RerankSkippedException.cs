namespace VlSearch.Search.Ranking;

/// <summary>
/// Thrown by an <see cref="IRerankStage"/> that cannot rescore this query (no reranker model loaded, a query with no
/// text to match): the search answers in fused order and its <see cref="SearchResults.Rerank"/> carries the message.
/// </summary>
public sealed class RerankSkippedException : Exception
{
    public RerankSkippedException()
    {
    }

    public RerankSkippedException(string message)
        : base(message)
    {
    }

    public RerankSkippedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
