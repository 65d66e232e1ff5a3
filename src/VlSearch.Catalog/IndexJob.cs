namespace VlSearch.Catalog;

/// <summary>A unit of background work (scan, embed, reindex...) with its progress, so it can be watched and resumed.</summary>
public sealed class IndexJob
{
    public long Id { get; set; }

    /// <summary>What the job does, e.g. "scan", "embed", "reindex".</summary>
    public required string Kind { get; set; }

    public string? ModelId { get; set; }

    public int? LibraryId { get; set; }

    /// <summary>One of <see cref="IndexJobStates"/>.</summary>
    public required string State { get; set; }

    public long Total { get; set; }

    public long Done { get; set; }

    public long Failed { get; set; }

    /// <summary>UTC; filled on insert when left at its default.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Last sign of life of the worker running it; a stale heartbeat means the worker died.</summary>
    public DateTime? HeartbeatAt { get; set; }

    /// <summary>Identifies the worker process that runs the job.</summary>
    public string? Owner { get; set; }

    public string? Message { get; set; }
}
