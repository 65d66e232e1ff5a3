using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core.Jobs;

namespace VlSearch.Jobs;

/// <summary>
/// Keeps one recurring scan per library in step with its cron (the library's own, else
/// <see cref="IndexerOptions.ScanCron"/>); each occurrence queues an incremental scan.
/// </summary>
internal sealed partial class RecurringScans(
    IDbContextFactory<CatalogDbContext> catalog,
    IBackgroundJobQueue queue,
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
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                LogRefreshFailed(logger, e);
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

    /// <summary>
    /// Brings every library's recurring scan in line with its cron. A library whose cron Hangfire refuses keeps no
    /// schedule and is reported; the others are scheduled all the same.
    /// </summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var libraries = await db.Libraries.AsNoTracking().Select(l => new { l.Id, l.Name, l.ScanCron }).ToListAsync(cancellationToken);
        foreach (var library in libraries)
        {
            var id = library.Id;
            var cron = string.IsNullOrWhiteSpace(library.ScanCron) ? options.Value.ScanCron : library.ScanCron;
            if (string.IsNullOrWhiteSpace(cron))
            {
                queue.RemoveRecurringScan(id);
                continue;
            }

            try
            {
                queue.ScheduleRecurringScan(id, cron);
            }
            catch (ArgumentException e)
            {
                // An earlier, valid schedule must not keep running under a cron the user has since changed.
                queue.RemoveRecurringScan(id);
                LogBadCron(logger, library.Name, cron, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the scan schedules failed; retrying.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Library {Library} is not rescanned on a schedule: its cron '{Cron}' is not valid ({Reason}).")]
    private static partial void LogBadCron(ILogger logger, string library, string cron, string reason);
}
