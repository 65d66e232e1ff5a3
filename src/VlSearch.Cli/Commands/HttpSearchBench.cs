using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Search;
using VlSearch.Search.Evaluation;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>bench search --http</c>: text searches through <c>GET /api/v1/search</c> of the web app on loopback, over a
/// catalogued library of N photos (<see cref="BenchLibrary"/>). Sequential requests give the latency a person
/// waits; optional concurrent clients give the throughput. Latency is measured at the client, so it includes HTTP.
/// </summary>
internal static class HttpSearchBench
{
    private const int WarmUp = 20;

    /// <summary>
    /// Latency of one run of requests, in milliseconds, and its throughput. <c>MeanHits</c> is the hits per answer,
    /// averaged: a library the app cannot see answers with none, however fast.
    /// </summary>
    public sealed record Run(int Clients, int Requests, int Errors, double P50, double P95, double P99, double Mean, double Qps, double MeanHits);

    public sealed record Report(
        string Model, int Photos, bool Reused, double BuildSeconds, string Stages, int K, int Queries, int Cores, string LoadBefore, string LoadAfter,
        Run Sequential, Run? Concurrent, string? FirstError, string WebLog);

    public static async Task<int> RunAsync(BenchSearchCommand.Settings settings, IEmbeddingModel model, PhotoSearch search, CancellationToken cancellationToken)
    {
        var assembly = WebAppProcess.FindAssembly(settings.Web);
        var folder = Path.GetFullPath(settings.BenchData ?? Path.Combine(DataDirectory.Resolve(settings.Data), "bench", $"search-http-{settings.Count}-{model.Id}"));
        var (seeds, _) = SyntheticVectors.Seeds(search, model, settings.Photos, new Random(42), cancellationToken);
        Console.Error.WriteLine($"bench: library of {settings.Count} photos in {folder}");
        var (reused, buildSeconds) = await BenchLibrary.EnsureAsync(folder, model, settings.Count, seeds, settings.Rebuild, cancellationToken);
        Console.Error.WriteLine(reused ? "bench: reusing the catalogued library" : $"bench: catalogued in {buildSeconds} s");

        var loadBefore = LoadAverage();
        Console.Error.WriteLine($"bench: starting the web app ({assembly})");
        await using var web = await WebAppProcess.StartAsync(assembly, folder, model.Id, TimeSpan.FromMinutes(3), cancellationToken);
        Console.Error.WriteLine($"bench: web app ready at {web.Url}; {WarmUp} warm-up then {settings.Queries} sequential searches");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(4, settings.Concurrency + 2) })
        {
            BaseAddress = web.Url,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var key = Path.Combine(folder, "web-admin.key");
        if (File.Exists(key))
        {
            // Harmless where searches are open; needed where the app requires a key for readers.
            http.DefaultRequestHeaders.Add("X-Api-Key", (await File.ReadAllTextAsync(key, cancellationToken)).Trim());
        }

        var queries = BenchLibrary.Queries(settings.Queries + WarmUp, seed: 5);
        string? firstError = null;
        foreach (var query in queries.Take(WarmUp))
        {
            firstError ??= (await SearchAsync(http, query, settings, cancellationToken)).Error;
        }

        var sequential = await MeasureAsync(http, queries.Skip(WarmUp).ToList(), 1, settings, e => firstError ??= e, cancellationToken);
        Console.Error.WriteLine($"bench: sequential p50 {sequential.P50} ms, p95 {sequential.P95} ms");
        Run? concurrent = null;
        if (settings.Concurrency > 1)
        {
            Console.Error.WriteLine($"bench: {settings.Queries} searches from {settings.Concurrency} clients");
            concurrent = await MeasureAsync(http, queries.Skip(WarmUp).ToList(), settings.Concurrency, settings, e => firstError ??= e, cancellationToken);
        }

        CliJson.Write(new Report(
            model.Id, settings.Count, reused, buildSeconds, settings.Stages, settings.K, settings.Queries, Environment.ProcessorCount, loadBefore, LoadAverage(),
            sequential, concurrent, firstError, web.LogPath));
        return sequential.Errors == sequential.Requests ? 1 : 0;
    }

    private static async Task<Run> MeasureAsync(
        HttpClient http, List<string> queries, int clients, BenchSearchCommand.Settings settings, Action<string> onError, CancellationToken cancellationToken)
    {
        var samples = new double[queries.Count];
        var hits = new int[queries.Count];
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < queries.Count; i = Interlocked.Increment(ref next))
            {
                var (milliseconds, count, error) = await SearchAsync(http, queries[i], settings, cancellationToken);
                samples[i] = milliseconds;
                hits[i] = count;
                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    onError(error);
                }
            }
        }, cancellationToken)));
        var elapsed = clock.Elapsed.TotalSeconds;
        return new Run(
            clients, queries.Count, errors,
            Round(RankingMetrics.Percentile(samples, 0.5)), Round(RankingMetrics.Percentile(samples, 0.95)), Round(RankingMetrics.Percentile(samples, 0.99)),
            Round(samples.Average()), Math.Round(queries.Count / elapsed, 1), Round(hits.Average()));
    }

    private static async Task<(double Milliseconds, int Hits, string? Error)> SearchAsync(HttpClient http, string query, BenchSearchCommand.Settings settings, CancellationToken cancellationToken)
    {
        var uri = new Uri(
            $"/api/v1/search?q={Uri.EscapeDataString(query)}&k={settings.K.ToString(CultureInfo.InvariantCulture)}&stages={Uri.EscapeDataString(settings.Stages)}",
            UriKind.Relative);
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var milliseconds = clock.Elapsed.TotalMilliseconds;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return (milliseconds, 0, $"{(int)response.StatusCode} for '{query}': {body}");
        }

        using var json = JsonDocument.Parse(body);
        return (milliseconds, json.RootElement.TryGetProperty("items", out var items) ? items.GetArrayLength() : 0, null);
    }

    private static double Round(double value) => Math.Round(value, 2);

    /// <summary>The 1, 5 and 15 minute load averages (Linux): other work on the machine skews latency.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
