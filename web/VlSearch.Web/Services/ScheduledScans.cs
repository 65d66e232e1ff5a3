using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Web.Services;

/// <summary>
/// Runs libraries' scan schedules when this process runs the jobs itself (with Hangfire, its recurring jobs do it):
/// once a minute, every library whose schedule matches the minute gets an incremental reindex.
/// </summary>
public sealed partial class ScheduledScans(IDbContextFactory<CatalogDbContext> catalog, IJobBackend jobs, TimeProvider clock, ILogger<ScheduledScans> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var nextMinute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
            try
            {
                await Task.Delay(nextMinute - now + TimeSpan.FromMilliseconds(50), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunDueAsync(nextMinute, stoppingToken);
        }
    }

    /// <summary>Starts the scans due in the minute of <paramref name="minute"/>; returns the libraries started.</summary>
    public async Task<IReadOnlyList<int>> RunDueAsync(DateTime minute, CancellationToken cancellationToken)
    {
        var started = new List<int>();
        try
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var libraries = await db.Libraries.AsNoTracking().Where(l => l.ScanCron != null).Select(l => new { l.Id, l.ScanCron }).ToListAsync(cancellationToken);
            foreach (var library in libraries)
            {
                try
                {
                    if (CronSchedule.Parse(library.ScanCron!).Matches(minute))
                    {
                        await jobs.StartAsync(JobKinds.ReindexMissing, [library.Id], cancellationToken);
                        started.Add(library.Id);
                    }
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException)
                {
                    LogSkipped(logger, library.Id, ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }

        return started;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled scan of library {Library} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, int library, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the scan schedules failed; trying again next minute.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
