using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Testing;
using VlSearch.Web.Api;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

/// <summary>The web app on its embedded defaults (SQLite catalog, USearch index, bundled vlsearch-tiny) in a temporary data folder.</summary>
public class VlSearchWebFactory : WebApplicationFactory<Program>
{
    /// <summary>A developer key without the admin role.</summary>
    public const string DeveloperKey = "developer-key-for-tests-0001-abcdefghij";

    /// <summary>A developer key with the admin role.</summary>
    public const string AdminRoleKey = "operator-key-for-tests-0002-abcdefghijk";

    /// <summary>
    /// Test-only request header that sets the connection's remote address (the in-process server has none); without
    /// it a request comes from 127.0.0.1, like a browser on the same machine.
    /// </summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    public const long MaxUploadBytes = 64 * 1024;

    private readonly TempFolder temp = new();

    /// <param name="data">A data folder of the test's own, which outlives the factory (restarts); by default a new one that goes with it.</param>
    public VlSearchWebFactory(string? data = null)
    {
        Data = data ?? temp.Sub("data");
    }

    public string Data { get; }

    public string TempRoot => temp.Path;

    /// <summary>Requests per minute per key; high unless a test measures the limiter.</summary>
    public int RequestsPerMinute { get; init; } = 100_000;

    /// <summary>Further settings, applied after the defaults above.</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>Hosting environment; Development serves the static assets straight from the build output.</summary>
    public string EnvironmentName { get; init; } = "Production";

    /// <summary><c>Web:Jobs</c>: inprocess or hangfire.</summary>
    public string Jobs { get; init; } = "inprocess";

    public string AdminKey => Services.GetRequiredService<AdminKeyStore>().Key;

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, AdminKey);
        return client;
    }

    /// <summary>Adds a library through the admin API and waits for its indexing job to end.</summary>
    public async Task<JobInfo> AddLibraryAndWaitAsync(string folder)
    {
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/libraries", new { path = folder });
        response.EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var jobs = await admin.GetFromJsonAsync<List<JobInfo>>("/api/v1/admin/jobs");
            var job = jobs!.OrderByDescending(j => j.Id).First();
            if (job.State is not ("queued" or "running"))
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                var monitor = Services.GetRequiredService<global::Hangfire.JobStorage>().GetMonitoringApi();
                var stats = monitor.GetStatistics();
                var failures = string.Join(" | ", monitor.FailedJobs(0, 5).Select(f => $"{f.Value.Job?.Method.Name}: {f.Value.ExceptionType} {f.Value.ExceptionMessage}"));
                throw new TimeoutException(
                    $"Indexing did not finish in time: job {job.Id} {job.State} {job.Done}/{job.Total}; job system: enqueued {stats.Enqueued}, " +
                    $"processing {stats.Processing}, scheduled {stats.Scheduled}, failed {stats.Failed}, servers {stats.Servers}; {failures}");
            }

            await Task.Delay(100);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data", Data);
        builder.UseSetting("Web:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Web:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Web:ApiKeys:0:Name", "developer");
        builder.UseSetting("Web:ApiKeys:0:Key", DeveloperKey);
        builder.UseSetting("Web:ApiKeys:1:Name", "operator");
        builder.UseSetting("Web:ApiKeys:1:Key", AdminRoleKey);
        builder.UseSetting("Web:ApiKeys:1:Roles:0", "admin");

        // Per-address limits stay out of the way unless a test measures them.
        builder.UseSetting("Web:RequestsPerMinutePerAddress", "1000000");
        builder.UseSetting("Web:FailedKeyAttemptsPerMinute", "1000");
        builder.UseSetting("Models:Active", "vlsearch-tiny");
        builder.UseSetting("Web:Jobs", Jobs);
        builder.UseSetting("Indexer:Watch", "false");
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFilter>());
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(RemoteAddressHeader, out var address)
                    ? IPAddress.Parse(address.ToString())
                    : IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            temp.Dispose();
        }
    }
}
