using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VlSearch.Catalog;
using VlSearch.Jobs;
using VlSearch.Testing;
using VlSearch.Hosting;

namespace VlSearch.Indexer.Tests;

/// <summary>Embedded mode in this process, as the web app hosts it: SQLite catalog, USearch, Hangfire on SQLite in the data folder.</summary>
public sealed class EmbeddedHost : IAsyncDisposable
{
    private readonly IHost host;

    private EmbeddedHost(TempFolder temp, string model, IHost host)
    {
        Temp = temp;
        Model = model;
        this.host = host;
    }

    public TempFolder Temp { get; }

    public string Model { get; }

    public IServiceProvider Services => host.Services;

    public IndexJobService Jobs => Services.GetRequiredService<IndexJobService>();

    public IDbContextFactory<CatalogDbContext> Catalog => Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();

    public static async Task<EmbeddedHost> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var temp = new TempFolder();
        var model = RandomClipModel.Write(temp.Sub("model"));
        var overrides = new Dictionary<string, string?>
        {
            ["Models:Active"] = model,
            ["Indexer:WatchDebounce"] = "00:00:01",
            ["Inference:Threads"] = "1",
        };
        foreach (var (key, value) in settings ?? [])
        {
            overrides[key] = value;
        }

        var builder = VlSearchHost.CreateBuilder(temp.Sub("data"), overrides);
        builder.Services.AddVlSearchJobs(builder.Configuration, temp.Sub("data"));
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EmbeddedHost(temp, model, host);
    }

    /// <summary>Waits until the job is in one of <paramref name="states"/>.</summary>
    public async Task<IndexJobInfo> WaitForAsync(long id, Func<IndexJobInfo, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await Jobs.GetAsync(id) ?? throw new InvalidOperationException($"job {id} vanished");
            if (condition(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {id}: {what} did not happen in time ({job.State} {job.Done}/{job.Total}, {job.Message}); job system: {JobSystemState()}");
            await Task.Delay(100);
        }
    }

    /// <summary>What Hangfire holds: counts per state and the failures, for a failing test's message.</summary>
    private string JobSystemState()
    {
        var monitor = Services.GetRequiredService<global::Hangfire.JobStorage>().GetMonitoringApi();
        var stats = monitor.GetStatistics();
        var failures = monitor.FailedJobs(0, 5).Select(f => $"{f.Value.Job?.Method.Name}: {f.Value.ExceptionType} {f.Value.ExceptionMessage}");
        return $"enqueued {stats.Enqueued}, processing {stats.Processing}, scheduled {stats.Scheduled}, failed {stats.Failed}, servers {stats.Servers}; " + string.Join(" | ", failures);
    }

    public Task<IndexJobInfo> WaitForEndAsync(long id, TimeSpan timeout) =>
        WaitForAsync(id, j => j.State is IndexJobStates.Succeeded or IndexJobStates.Failed or IndexJobStates.Cancelled, timeout, "the end");

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }

        Temp.Dispose();
    }
}
