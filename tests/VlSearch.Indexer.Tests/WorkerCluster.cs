using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Jobs;
using VlSearch.Testing;

namespace VlSearch.Indexer.Tests;

/// <summary>
/// Server mode for a test: a PostgreSQL catalog and Hangfire storage, a random CLIP model, worker processes (the
/// first owns the embedded index, the others do not) and a CLI with a data folder of its own.
/// </summary>
public sealed class WorkerCluster : IAsyncDisposable
{
    public const int BatchFiles = 64;
    public const int WorkersPerProcess = 2;
    private readonly List<WorkerProcess> workers = [];
    private readonly List<(string Name, WorkerProcess Process)> named = [];

    public WorkerCluster(PostgresDatabase database)
    {
        Database = database;
        Model = RandomClipModel.Write(Temp.Sub("model"));
        Library = Temp.Sub("library");
        var cliData = Temp.Sub("cli");
        File.WriteAllText(Path.Combine(cliData, "vlsearch.json"), $$"""
            { "Catalog": { "Provider": "postgres", "ConnectionString": "{{database.ConnectionString}}" }, "Models": { "Active": "{{Model}}" } }
            """);
        Cli = new CliRunner(cliData);
        Jobs = new IndexJobService(database.Catalog, Model);
    }

    public TempFolder Temp { get; } = new();

    public PostgresDatabase Database { get; }

    public string Model { get; }

    public string Library { get; }

    public CliRunner Cli { get; }

    public IndexJobService Jobs { get; }

    public IReadOnlyList<WorkerProcess> Workers => workers;

    public string DataOf(string worker) => Path.Combine(Temp.Path, "data-" + worker);

    /// <summary>Starts a worker and waits until its Hangfire server is up (the first one also migrates the catalog).</summary>
    public async Task<WorkerProcess> StartWorkerAsync(string name, bool ownsIndex)
    {
        var before = await Database.HangfireServersAsync();
        Directory.CreateDirectory(DataOf(name));
        var worker = new WorkerProcess(DataOf(name), new Dictionary<string, string>
        {
            ["Catalog:Provider"] = "postgres",
            ["Catalog:ConnectionString"] = Database.ConnectionString,
            ["Models:Active"] = Model,
            ["Indexer:OwnsIndex"] = ownsIndex ? "true" : "false",
            ["Indexer:Name"] = name,
            // Each encode is a Debug line of the worker's log: how the test counts who embedded what.
            ["Logging:LogLevel:VlSearch.Indexing.Encodes"] = "Debug",
            ["Indexer:BatchFiles"] = BatchFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Indexer:Workers"] = WorkersPerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The tests start every job themselves, so that they know exactly what each job must embed.
            ["Indexer:Watch"] = "false",
            // These tests count embedding work; the reranker's feature jobs have tests of their own.
            ["Rerank:Enabled"] = "false",
            ["Inference:Threads"] = "1",
        });
        workers.Add(worker);
        named.Add((name, worker));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await Database.HangfireServersAsync() <= before)
        {
            Assert.False(worker.HasExited, "the worker stopped: " + worker.Output);
            Assert.True(DateTime.UtcNow < deadline, "the worker did not start within 60 s: " + worker.Output);
            await Task.Delay(200);
        }

        return worker;
    }

    /// <summary>Waits until the job has finished, then until every vector is in the index.</summary>
    public async Task<IndexJobInfo> WaitForJobAsync(long id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await Jobs.GetAsync(id) ?? throw new InvalidOperationException($"job {id} vanished");
            if (job.State is IndexJobStates.Succeeded or IndexJobStates.Failed or IndexJobStates.Cancelled)
            {
                await using var db = await Database.Catalog.CreateDbContextAsync();
                while (await db.Embeddings.AnyAsync(e => e.IndexedAt == null))
                {
                    Assert.True(DateTime.UtcNow < deadline, "vectors stay pending in the catalog");
                    await Task.Delay(200);
                }

                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {id} did not finish in time: {job.State} {job.Done}/{job.Total}\n" + string.Join("\n", workers.Select(w => w.Output)));
            await Task.Delay(250);
        }
    }

    /// <summary>Every successful encode logged by the workers of these names (restarts included), as (model, path).</summary>
    public List<(string Model, string Path)> Encodes(params string[] names) =>
        [.. named.Where(w => names.Contains(w.Name))
            .SelectMany(w => w.Process.Output.Split('\n'))
            .Select(l => l.IndexOf("Encoded\t", StringComparison.Ordinal) is var at and >= 0 ? l[(at + 8)..].TrimEnd('\r').Split('\t', 2) : null)
            .OfType<string[]>()
            .Select(p => (p[0], p[1]))];

    /// <summary>
    /// The workers' encodes once at least <paramref name="expected"/> are logged (log lines reach this process a
    /// moment after the catalog shows the work done).
    /// </summary>
    public async Task<List<(string Model, string Path)>> EncodesAsync(int expected, params string[] names)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var encodes = Encodes(names);
            if (encodes.Count >= expected || DateTime.UtcNow > deadline)
            {
                return encodes;
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        Temp.Dispose();
        await Database.DisposeAsync();
    }
}
