using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Testing;
using VlSearch.Hangfire;

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

    public string EncodeLogOf(string worker) => Path.Combine(Temp.Path, "encoded-" + worker + ".log");

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
            ["Indexer:EncodeLog"] = EncodeLogOf(name),
            ["Indexer:BatchFiles"] = BatchFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Indexer:Workers"] = WorkersPerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The tests start every job themselves, so that they know exactly what each job must embed.
            ["Indexer:Watch"] = "false",
            // Hangfire's PostgreSQL storage now and then never hands a killed worker's batch back; the dispatcher
            // then plans the job again once it shows no sign of life for this long (10 minutes by default).
            ["Indexer:StaleAfter"] = "00:01:30",
            ["Inference:Threads"] = "1",
        });
        workers.Add(worker);
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

    /// <summary>Every successful encode logged by the workers, as (model, path).</summary>
    public List<(string Model, string Path)> Encodes(params string[] names) =>
        [.. names.Where(n => File.Exists(EncodeLogOf(n)))
            .SelectMany(n => File.ReadAllLines(EncodeLogOf(n)))
            .Select(l => l.Split('\t', 2))
            .Select(p => (p[0], p[1]))];

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
