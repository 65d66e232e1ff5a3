using Cronos;
using global::Hangfire;
using global::Hangfire.Storage;
using VlSearch.Core.Jobs;

namespace VlSearch.Hangfire;

/// <summary>The queue on Hangfire: index work on <see cref="JobQueues.Index"/>, embed batches on <see cref="JobQueues.Embed"/>.</summary>
public sealed class HangfireJobQueue(IBackgroundJobClient client, IRecurringJobManager recurring, JobStorage storage) : IBackgroundJobQueue
{
    public void EnqueueIndexJob(long jobId) =>
        client.Enqueue<HangfireJobs>(JobQueues.Index, j => j.RunAsync(jobId, CancellationToken.None));

    public void EnqueueEmbedBatch(EmbedBatch batch, TimeSpan? delay = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (jobId, libraryId, model, name, paths) = (batch.JobId, batch.LibraryId, batch.Model, batch.Name, batch.Paths.ToArray());
        if (delay is { } wait)
        {
            client.Schedule<HangfireJobs>(JobQueues.Embed, j => j.EmbedBatchAsync(jobId, libraryId, model, name, paths, CancellationToken.None), wait);
        }
        else
        {
            client.Enqueue<HangfireJobs>(JobQueues.Embed, j => j.EmbedBatchAsync(jobId, libraryId, model, name, paths, CancellationToken.None));
        }
    }

    public IDisposable AcquireLock(string resource, TimeSpan timeout)
    {
        var connection = storage.GetConnection();
        try
        {
            return new Held(connection, connection.AcquireDistributedLock(resource, timeout));
        }
        catch (DistributedLockTimeoutException e)
        {
            connection.Dispose();
            throw new TimeoutException($"The job lock '{resource}' was not free within {timeout.TotalSeconds:0} s.", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void ScheduleRecurringScan(int libraryId, string cron) =>
        recurring.AddOrUpdate<HangfireJobs>(
            ScanName(libraryId), JobQueues.Index, j => j.ScheduledScanAsync(libraryId, CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });

    public void ValidateCron(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            // The same parser and field rule as Hangfire's recurring jobs: six fields mean seconds come first.
            _ = CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"'{cron}' is not a valid cron expression: {e.Message}", e);
        }
    }

    public void RemoveRecurringScan(int libraryId) => recurring.RemoveIfExists(ScanName(libraryId));

    /// <summary>Name of the recurring job that rescans a library.</summary>
    public static string ScanName(int libraryId) => $"vlsearch-scan-library-{libraryId}";

    private sealed class Held(IStorageConnection connection, IDisposable distributedLock) : IDisposable
    {
        public void Dispose()
        {
            distributedLock.Dispose();
            connection.Dispose();
        }
    }
}
