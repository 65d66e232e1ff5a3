using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using VlSearch.Catalog;

namespace VlSearch.Jobs;

/// <summary>
/// The job queue's depth as a gauge (<see cref="QueueDepth"/>): jobs queued or running in the catalog's job table,
/// which every web app and worker shares. Read when a metrics reader collects, at most once per
/// <see cref="CacheFor"/>, so a fast collector does not turn into a query storm.
/// </summary>
public sealed class JobQueueMetrics : IHostedService, IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "VlSearch.Jobs";

    /// <summary>Gauge of jobs waiting or running (tag state: queued, running).</summary>
    public const string QueueDepth = "vlsearch.jobs.queue.depth";

    /// <summary>How long one read of the table is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly IDbContextFactory<CatalogDbContext> catalog;
    private readonly Meter meter;
    private readonly Lock gate = new();
    private (long Queued, long Running) last;
    private long readAt = long.MinValue;

    public JobQueueMetrics(IDbContextFactory<CatalogDbContext> catalog, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.catalog = catalog;
        meter = meters.Create(MeterName);
        meter.CreateObservableGauge(QueueDepth, Observe, unit: "{job}", description: "Index jobs queued or running.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Observe()
    {
        var (queued, running) = Read();
        return
        [
            new Measurement<long>(queued, new KeyValuePair<string, object?>("state", IndexJobStates.Queued)),
            new Measurement<long>(running, new KeyValuePair<string, object?>("state", IndexJobStates.Running)),
        ];
    }

    private (long Queued, long Running) Read()
    {
        lock (gate)
        {
            if (readAt != long.MinValue && TimeProvider.System.GetElapsedTime(readAt) < CacheFor)
            {
                return last;
            }

            try
            {
                // Collectors call back synchronously; the count is one indexed query.
                using var db = catalog.CreateDbContext();
                var counts = (Queued: 0L, Running: 0L);
                CatalogCommands.RunAsync(db, async (connection, transaction) =>
                {
                    await using var command = CatalogCommands.Create(
                        connection, transaction, "SELECT \"State\", COUNT(*) FROM \"Jobs\" WHERE \"State\" IN (@queued, @running) GROUP BY \"State\"",
                        ("@queued", IndexJobStates.Queued), ("@running", IndexJobStates.Running));
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        var count = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                        counts = reader.GetString(0) == IndexJobStates.Queued ? counts with { Queued = count } : counts with { Running = count };
                    }
                }, CancellationToken.None).GetAwaiter().GetResult();
                last = counts;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // An unreachable catalog keeps the last value; the readiness probe reports the outage.
            }

            readAt = TimeProvider.System.GetTimestamp();
            return last;
        }
    }
}
