using System.ComponentModel.DataAnnotations;

namespace VlSearch.Qdrant;

/// <summary>Connection and collection settings for Qdrant. Bound from the <c>Qdrant</c> configuration section.</summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Qdrant";

    /// <summary>gRPC endpoint, e.g. <c>http://localhost:6334</c>.</summary>
    [Required]
    public string Url { get; set; } = "http://localhost:6334";

    public string? ApiKey { get; set; }

    /// <summary>Shards of new collections.</summary>
    [Range(1, 1024)]
    public uint ShardNumber { get; set; } = 1;

    /// <summary>Copies of each shard in a cluster.</summary>
    [Range(1, 64)]
    public uint ReplicationFactor { get; set; } = 1;

    /// <summary>Replicas that must apply a write before it is acknowledged.</summary>
    [Range(1, 64)]
    public uint WriteConsistencyFactor { get; set; } = 1;

    /// <summary>Points per upsert request.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>Retries of a call failing with Unavailable or DeadlineExceeded before giving up.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Wait before the first retry; doubles with each further attempt (with jitter).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of a single backoff.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of each gRPC call; zero for none.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>HNSW candidate list size at search time; null keeps the server default.</summary>
    [Range(1, 4096)]
    public int? SearchEf { get; set; }
}
