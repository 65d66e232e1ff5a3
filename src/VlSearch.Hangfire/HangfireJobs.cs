using global::Hangfire;
using VlSearch.Core.Jobs;

namespace VlSearch.Hangfire;

/// <summary>
/// What Hangfire stores and activates: each method hands the work to the <see cref="IIndexJobHandler"/> of the
/// process that runs it. Retries are set here because they are a property of the queue, not of the work.
/// </summary>
public sealed class HangfireJobs(IIndexJobHandler handler)
{
    /// <summary>Plans a catalog job; not retried, since a failed plan is recorded on the job and a dead server's job is planned again.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(long jobId, CancellationToken cancellationToken) => handler.RunAsync(jobId, cancellationToken);

    /// <summary>Embeds a batch; retried, because a batch is idempotent and a transient failure should not fail a job.</summary>
    [AutomaticRetry(Attempts = 3)]
    public Task EmbedBatchAsync(long jobId, int libraryId, string model, string batch, string[] paths, CancellationToken cancellationToken) =>
        handler.EmbedBatchAsync(new EmbedBatch(jobId, libraryId, model, batch, paths), cancellationToken);

    /// <summary>A library's recurring scan.</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task ScheduledScanAsync(int libraryId, CancellationToken cancellationToken) => handler.ScheduledScanAsync(libraryId, cancellationToken);
}
