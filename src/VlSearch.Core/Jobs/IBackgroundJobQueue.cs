namespace VlSearch.Core.Jobs;

/// <summary>
/// Where indexing work is queued for the job servers. The job system behind it (Hangfire with PostgreSQL storage in
/// server mode, SQLite storage in the data folder in embedded mode) keeps the queue across restarts and hands each
/// item to one server; the work itself is done by <see cref="IIndexJobHandler"/>.
/// </summary>
public interface IBackgroundJobQueue
{
    /// <summary>Queues the planning run of catalog job <paramref name="jobId"/>; only servers that own the index run it.</summary>
    void EnqueueIndexJob(long jobId);

    /// <summary>Queues one batch of files to embed, which any server may run; after <paramref name="delay"/> when given.</summary>
    void EnqueueEmbedBatch(EmbedBatch batch, TimeSpan? delay = null);

    /// <summary>Takes a lock shared by every server of the queue; dispose to release it.</summary>
    /// <exception cref="TimeoutException">The lock was not free within <paramref name="timeout"/>.</exception>
    IDisposable AcquireLock(string resource, TimeSpan timeout);

    /// <summary>Runs <see cref="IIndexJobHandler.ScheduledScanAsync"/> for a library at every occurrence of a cron expression (UTC).</summary>
    /// <exception cref="ArgumentException">The cron expression is not valid.</exception>
    void ScheduleRecurringScan(int libraryId, string cron);

    /// <summary>Checks that the job system can run a schedule, before it is saved.</summary>
    /// <exception cref="FormatException">The cron expression is not valid; the message says why.</exception>
    void ValidateCron(string cron);

    /// <summary>Removes a library's recurring scan; nothing happens when it has none.</summary>
    void RemoveRecurringScan(int libraryId);
}
