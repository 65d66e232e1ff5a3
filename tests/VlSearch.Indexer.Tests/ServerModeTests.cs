using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Testing;
using VlSearch.Core;
using VlSearch.USearch;
using Xunit.Abstractions;

namespace VlSearch.Indexer.Tests;

/// <summary>Real worker processes sharing one PostgreSQL catalog and Hangfire storage.</summary>
public sealed class ServerModeTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Two_workers_embed_every_photo_exactly_once_and_reindexing_touches_only_what_it_should()
    {
        var database = await PostgresDatabase.CreateAsync();
        Skip.If(database is null, PostgresDatabase.SkipReason);
        await using var cluster = new WorkerCluster(database);
        const int photos = 2000;
        TestImages.WriteLibrary(cluster.Library, photos);

        var owner = await cluster.StartWorkerAsync("a", ownsIndex: true);
        await cluster.StartWorkerAsync("b", ownsIndex: false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var added = await cluster.Cli.RunAsync("jobs", "add", cluster.Library, "--json");
        Assert.True(added.ExitCode == 0, added.Stderr);
        var job = await cluster.WaitForJobAsync(added.Json.GetProperty("id").GetInt64(), TimeSpan.FromMinutes(3));
        output.WriteLine($"{photos} photos embedded by two workers in {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(IndexJobStates.Succeeded, job.State);
        Assert.Equal(photos, job.Total);
        Assert.Equal(photos, job.Done);
        var encodes = await cluster.EncodesAsync(photos, "a", "b");
        var perWorker = new[] { cluster.Encodes("a").Count, cluster.Encodes("b").Count };
        output.WriteLine($"encodes per worker: {string.Join(", ", perWorker)}");
        Assert.Equal(photos, encodes.Count);
        Assert.Equal(photos, encodes.Select(e => e.Path).Distinct().Count());
        Assert.All(perWorker, n => Assert.True(n > 0, "both workers should have embedded batches"));
        string modelId;
        await using (var db = await database.Catalog.CreateDbContextAsync())
        {
            Assert.Equal(photos, await db.Photos.CountAsync());
            Assert.Equal(photos, await db.Embeddings.CountAsync());
            modelId = await db.Embeddings.Select(e => e.ModelId).FirstAsync();
        }

        // Listing through the CLI shows the finished job with its progress.
        var listed = await cluster.Cli.RunAsync("jobs", "--json");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Equal("succeeded", listed.Json[0].GetProperty("state").GetString());
        Assert.Equal(photos, listed.Json[0].GetProperty("done").GetInt64());

        // 50 new files: reindex-missing embeds exactly those.
        var newFiles = TestImages.WriteLibrary(Path.Combine(cluster.Library, "new"), 50, firstSeed: 100_000);
        var before = (A: cluster.Encodes("a").Count, B: cluster.Encodes("b").Count);
        var missing = await cluster.Cli.RunAsync("jobs", "start", "reindex-missing", "--json");
        Assert.True(missing.ExitCode == 0, missing.Stderr);
        await cluster.WaitForJobAsync(missing.Json[0].GetProperty("id").GetInt64(), TimeSpan.FromMinutes(1));
        await cluster.EncodesAsync(before.A + before.B + newFiles.Count, "a", "b");
        var second = cluster.Encodes("a").Skip(before.A).Concat(cluster.Encodes("b").Skip(before.B)).Select(e => e.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(newFiles.Order(StringComparer.Ordinal), second);

        // reindex-all for a second model leaves the first model's vectors as they were.
        Dictionary<long, (byte[] Vector, DateTime EmbeddedAt)> firstModel;
        await using (var db = await database.Catalog.CreateDbContextAsync())
        {
            firstModel = await db.Embeddings.Where(e => e.ModelId == modelId).ToDictionaryAsync(e => e.PhotoId, e => (e.Vector, e.EmbeddedAt));
        }

        var otherModel = RandomClipModel.Write(cluster.Temp.Sub("model-b"), name: "random-clip-b", dimension: 24, seed: 11);
        var all = await cluster.Cli.RunAsync("jobs", "start", "reindex-all", "--model", otherModel, "--json");
        Assert.True(all.ExitCode == 0, all.Stderr);
        var allJob = await cluster.WaitForJobAsync(all.Json[0].GetProperty("id").GetInt64(), TimeSpan.FromMinutes(3));
        Assert.Equal(IndexJobStates.Succeeded, allJob.State);
        await using (var db = await database.Catalog.CreateDbContextAsync())
        {
            var after = await db.Embeddings.Where(e => e.ModelId == modelId).ToDictionaryAsync(e => e.PhotoId, e => (e.Vector, e.EmbeddedAt));
            Assert.Equal(firstModel.Count, after.Count);
            Assert.All(firstModel, kv => Assert.True(after[kv.Key].Vector.AsSpan().SequenceEqual(kv.Value.Vector) && after[kv.Key].EmbeddedAt == kv.Value.EmbeddedAt));
            Assert.Equal(photos + 50, await db.Embeddings.CountAsync(e => e.ModelId == "random-clip-b"));
        }

        // The owner's embedded index holds each vector once.
        await owner.StopAsync();
        await using var index = new USearchVectorIndex(Path.Combine(cluster.DataOf("a"), "index"));
        Assert.Equal(photos + 50, await index.CountAsync(CollectionNames.ForModel(modelId)));
        Assert.Equal(photos + 50, await index.CountAsync(CollectionNames.ForModel("random-clip-b")));
    }

    [SkippableFact]
    public async Task Workers_killed_mid_job_lose_and_duplicate_nothing()
    {
        var database = await PostgresDatabase.CreateAsync();
        Skip.If(database is null, PostgresDatabase.SkipReason);
        await using var cluster = new WorkerCluster(database);
        const int photos = 1200;
        TestImages.WriteLibrary(cluster.Library, photos);

        await cluster.StartWorkerAsync("a", ownsIndex: true);
        var victim = await cluster.StartWorkerAsync("b", ownsIndex: false);
        var job = (await cluster.Jobs.AddLibraryAsync(cluster.Library))!;

        // kill -9 the second worker while it is inside a batch: the first one carries on with the job.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (cluster.Encodes("b").Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "worker b never got a batch");
            await Task.Delay(20);
        }

        victim.Kill();
        var atKill = (await cluster.Jobs.GetAsync(job.Id))!;
        output.WriteLine($"killed worker b at {atKill.Done}/{atKill.Total}");
        Assert.True(atKill.Done < photos, "the job finished before the kill");
        var carriedOn = await WaitForDoneAsync(cluster, job.Id, atKill.Done + (2 * WorkerCluster.BatchFiles));

        // Then kill -9 the owner of the index too, and restart it: the job completes after the restart.
        var owner = cluster.Workers.Single(w => !w.HasExited);
        owner.Kill();
        output.WriteLine($"killed worker a at {carriedOn}/{photos}");
        Assert.True(carriedOn < photos, "the job finished before the second kill");
        var restarted = await cluster.StartWorkerAsync("a", ownsIndex: true);

        // With default settings: a batch the job system never hands back is given up and planned again within
        // Indexer:StaleAfter (a minute) of its worker's last sign of life.
        var finished = await cluster.WaitForJobAsync(job.Id, TimeSpan.FromMinutes(3));
        Assert.Equal(IndexJobStates.Succeeded, finished.State);
        output.WriteLine($"finished: {finished.Done}/{finished.Total} ({finished.Message})");
        Assert.Equal(finished.Total, finished.Done);
        Assert.Equal(0, finished.Failed);
        string modelId;
        await using (var db = await database.Catalog.CreateDbContextAsync())
        {
            Assert.Equal(photos, await db.Photos.CountAsync());
            Assert.Equal(photos, await db.Embeddings.CountAsync());
            modelId = await db.Embeddings.Select(e => e.ModelId).FirstAsync();
        }

        // Encodes of the killed workers' batches (one per Hangfire worker) that had not reached the catalog are redone;
        // nothing else is.
        var encodes = await cluster.EncodesAsync(photos, "a", "b");
        var repeated = encodes.Count - encodes.Select(e => e.Path).Distinct().Count();
        output.WriteLine($"encodes: {encodes.Count}, repeated after the kills: {repeated}");
        Assert.Equal(photos, encodes.Select(e => e.Path).Distinct().Count());
        Assert.InRange(repeated, 0, 2 * WorkerCluster.BatchFiles * WorkerCluster.WorkersPerProcess);

        await restarted.StopAsync();
        await using var index = new USearchVectorIndex(Path.Combine(cluster.DataOf("a"), "index"));
        Assert.Equal(photos, await index.CountAsync(CollectionNames.ForModel(modelId)));
    }

    private static async Task<long> WaitForDoneAsync(WorkerCluster cluster, long id, long done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = (await cluster.Jobs.GetAsync(id))!;
            if (job.Done >= done || job.State != IndexJobStates.Running)
            {
                return job.Done;
            }

            Assert.True(DateTime.UtcNow < deadline, "the remaining worker made no progress");
            await Task.Delay(20);
        }
    }
}
