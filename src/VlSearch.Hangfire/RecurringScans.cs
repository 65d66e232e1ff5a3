using global::Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;

namespace VlSearch.Hangfire;

/// <summary>
/// Keeps one Hangfire recurring job per library in step with its cron (the library's own, else
/// <see cref="IndexerOptions.ScanCron"/>); each occurrence queues an incremental scan.
/// </summary>
internal sealed partial class RecurringScans(
    IDbContextFactory<CatalogDbContext> catalog,
    IRecurringJobManager recurring,
    IOptions<IndexerOptions> options,
    ILogger<RecurringScans> logger) : BackgroundService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await catalog.CreateDbContextAsync(stoppingToken);
                var libraries = await db.Libraries.AsNoTracking().Select(l => new { l.Id, l.ScanCron }).ToListAsync(stoppingToken);
                foreach (var library in libraries)
                {
                    var id = library.Id;
                    var cron = string.IsNullOrWhiteSpace(library.ScanCron) ? options.Value.ScanCron : library.ScanCron;
                    var name = $"vlsearch-scan-library-{id}";
                    if (string.IsNullOrWhiteSpace(cron))
                    {
                        recurring.RemoveIfExists(name);
                        continue;
                    }

                    recurring.AddOrUpdate<IndexJobRunner>(name, JobQueues.Index, r => r.ScheduledScanAsync(id, CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                LogScheduleFailed(logger, e);
            }

            try
            {
                await Task.Delay(Refresh, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the scan schedules failed (a bad cron expression?); retrying.")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception);
}
