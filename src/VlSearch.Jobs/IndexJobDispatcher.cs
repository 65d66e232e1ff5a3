using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core.Jobs;

namespace VlSearch.Jobs;

/// <summary>
/// Turns queued catalog jobs into queued work. Runs in every job server; a lock shared by all servers makes the claim
/// exclusive, and a job waits while another one for the same (library, model) is active. Also restarts jobs whose
/// worker died (no sign of life for <see cref="IndexerOptions.StaleAfter"/>): their planning is idempotent and counts
/// only the files still to embed.
/// </summary>
internal sealed partial class IndexJobDispatcher(
    IDbContextFactory<CatalogDbContext> catalog,
    IBackgroundJobQueue queue,
    IOptions<IndexerOptions> options,
    ILogger<IndexJobDispatcher> logger) : BackgroundService
{
    private const string LockName = "vlsearch:dispatch";
    private static readonly string[] Busy = [IndexJobStates.Running, IndexJobStates.Paused];
    private readonly BatchLedger ledger = new(catalog, options.Value.EffectiveName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var stale = DateTime.UtcNow - settings.StaleAfter;
                await RequeueAsync(j => j.Kind != IndexJobKinds.Batch && j.State == IndexJobStates.Running && (j.HeartbeatAt ?? j.StartedAt) < stale, stoppingToken);
                var lost = await ledger.AbandonLostAsync(stale, stoppingToken);
                if (lost.Count > 0)
                {
                    await RequeueAsync(j => lost.Contains(j.Id) && j.State == IndexJobStates.Running, stoppingToken);
                }

                await DispatchAsync(settings.EffectiveName, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                LogDispatchFailed(logger, e);
            }

            try
            {
                await Task.Delay(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task DispatchAsync(string owner, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        if (!await db.Jobs.AnyAsync(j => j.Kind != IndexJobKinds.Batch && j.State == IndexJobStates.Queued, cancellationToken))
        {
            return;
        }

        using var exclusive = queue.AcquireLock(LockName, TimeSpan.FromSeconds(30));
        var queued = await db.Jobs.AsNoTracking().Where(j => j.Kind != IndexJobKinds.Batch && j.State == IndexJobStates.Queued).OrderBy(j => j.Id).ToListAsync(cancellationToken);
        foreach (var job in queued)
        {
            var blocked = await db.Jobs.AnyAsync(
                j => j.Id != job.Id && j.Kind != IndexJobKinds.Batch && Busy.Contains(j.State) && j.LibraryId == job.LibraryId && j.ModelId == job.ModelId,
                cancellationToken);
            if (blocked)
            {
                continue;
            }

            var now = DateTime.UtcNow;
            var claimed = await db.Jobs.Where(j => j.Id == job.Id && j.State == IndexJobStates.Queued).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, IndexJobStates.Running).SetProperty(j => j.StartedAt, now).SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.Owner, owner).SetProperty(j => j.FinishedAt, (DateTime?)null),
                cancellationToken);
            if (claimed == 1)
            {
                queue.EnqueueIndexJob(job.Id);
            }
        }
    }

    private async Task RequeueAsync(System.Linq.Expressions.Expression<Func<IndexJob, bool>> which, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var count = await db.Jobs.Where(which).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.State, IndexJobStates.Queued).SetProperty(j => j.Message, "restarted: its worker stopped"),
            cancellationToken);
        if (count > 0)
        {
            LogRequeued(logger, count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching queued jobs failed.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} jobs whose worker stopped were queued again.")]
    private static partial void LogRequeued(ILogger logger, int count);
}
