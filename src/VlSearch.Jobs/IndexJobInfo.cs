using VlSearch.Catalog;

namespace VlSearch.Jobs;

/// <summary>A job with its progress, as listed by <c>vlsearch jobs</c> and the web admin.</summary>
public sealed record IndexJobInfo
{
    public long Id { get; init; }

    public required string Kind { get; init; }

    public required string State { get; init; }

    public string? Model { get; init; }

    public string? Library { get; init; }

    public long Total { get; init; }

    public long Done { get; init; }

    public long Failed { get; init; }

    /// <summary>Files per second since the job started.</summary>
    public double Rate { get; init; }

    /// <summary>Estimated time left; null when unknown or finished.</summary>
    public TimeSpan? Eta { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? StartedAt { get; init; }

    public DateTime? FinishedAt { get; init; }

    public DateTime? HeartbeatAt { get; init; }

    public string? Owner { get; init; }

    public string? Message { get; init; }

    internal static IndexJobInfo From(IndexJob job, string? library, DateTime now)
    {
        var end = job.FinishedAt ?? now;
        var seconds = job.StartedAt is { } start ? (end - start).TotalSeconds : 0;
        var handled = job.Done + job.Failed;
        var rate = seconds > 0 ? handled / seconds : 0;
        var left = Math.Max(0, job.Total - handled);
        TimeSpan? eta = job.FinishedAt is null && job.State == IndexJobStates.Running && rate > 0 && job.Total > 0
            ? TimeSpan.FromSeconds(left / rate)
            : null;
        return new IndexJobInfo
        {
            Id = job.Id,
            Kind = job.Kind,
            State = job.State,
            Model = job.ModelId,
            Library = library,
            Total = job.Total,
            Done = job.Done,
            Failed = job.Failed,
            Rate = Math.Round(rate, 2),
            Eta = eta,
            CreatedAt = job.CreatedAt,
            StartedAt = job.StartedAt,
            FinishedAt = job.FinishedAt,
            HeartbeatAt = job.HeartbeatAt,
            Owner = job.Owner,
            Message = job.Message,
        };
    }
}
