using System.Text.Json.Serialization;

namespace VlSearch.Search.Evaluation;

/// <summary>
/// How one pipeline configuration did on a query set: ranking quality averaged over the queries, and the latency of
/// its searches (wall-clock per <see cref="Ranking.ISearchPipeline.SearchAsync"/> call).
/// </summary>
public sealed record PipelineScores
{
    [JsonPropertyName("recall@1")]
    public double RecallAt1 { get; init; }

    [JsonPropertyName("recall@5")]
    public double RecallAt5 { get; init; }

    [JsonPropertyName("recall@10")]
    public double RecallAt10 { get; init; }

    /// <summary>
    /// Share of queries whose first hit is relevant (success@1). Unlike recall@1 it reaches 1 when several photos
    /// match a query and any of them comes first.
    /// </summary>
    [JsonPropertyName("hit@1")]
    public double HitAt1 { get; init; }

    /// <summary>Mean reciprocal rank of the first relevant photo within the evaluated depth.</summary>
    [JsonPropertyName("mrr")]
    public double Mrr { get; init; }

    [JsonPropertyName("ndcg@10")]
    public double NdcgAt10 { get; init; }

    [JsonPropertyName("p50_ms")]
    public double P50Milliseconds { get; init; }

    [JsonPropertyName("p95_ms")]
    public double P95Milliseconds { get; init; }

    /// <summary>Queries scored.</summary>
    [JsonPropertyName("queries")]
    public int Queries { get; init; }

    /// <summary>Queries whose request the pipeline refused (counted with zero scores), e.g. a keyword search of a query without words.</summary>
    [JsonPropertyName("failed")]
    public int Failed { get; init; }
}
