namespace VlSearch.Core.Jobs;

/// <summary>
/// Does the queued work of <see cref="IBackgroundJobQueue"/>. Every method is idempotent: the job system may run an
/// item again after a server died, and progress lives in the catalog.
/// </summary>
public interface IIndexJobHandler
{
    /// <summary>Plans catalog job <paramref name="jobId"/> (scan, moves, removals) and queues its embed batches.</summary>
    Task RunAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Embeds one batch; files already embedded with their current content are skipped.</summary>
    Task EmbedBatchAsync(EmbedBatch batch, CancellationToken cancellationToken);

    /// <summary>Queues an incremental scan of a library unless one is active (recurring scans).</summary>
    Task ScheduledScanAsync(int libraryId, CancellationToken cancellationToken);
}
