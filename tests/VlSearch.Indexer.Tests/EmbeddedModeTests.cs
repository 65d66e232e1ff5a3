using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Jobs;
using VlSearch.Search;
using VlSearch.Testing;
using Xunit.Abstractions;

namespace VlSearch.Indexer.Tests;

/// <summary>One process hosting the jobs in-process (the web app's embedded mode).</summary>
public sealed class EmbeddedModeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_file_dropped_into_a_watched_library_is_searchable_within_ten_seconds_and_a_deleted_one_disappears()
    {
        await using var app = await EmbeddedHost.StartAsync();
        var library = app.Temp.Sub("library");
        var files = TestImages.WriteLibrary(library, 40);
        var first = (await app.Jobs.AddLibraryAsync(library))!;
        var done = await app.WaitForEndAsync(first.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(IndexJobStates.Succeeded, done.State);
        Assert.Equal(40, done.Done);
        Assert.True(done.Rate > 0);

        var model = app.Services.GetRequiredService<IModelCache>().Get(app.Model);
        var search = app.Services.GetRequiredService<PhotoSearch>();
        var staged = TestImages.WritePng(Path.Combine(app.Temp.Sub("staging"), "dropped.png"), 77_777);
        var dropped = Path.Combine(library, "album-03", "dropped.png");
        var clock = Stopwatch.StartNew();
        File.Move(staged, dropped);
        while (true)
        {
            var hits = await search.SearchImageAsync(model, dropped, 1);
            if (hits.Count == 1 && hits[0].Payload.Path == dropped)
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the dropped file is not searchable after 10 s: " + string.Join("; ", (await app.Jobs.ListAsync()).Select(j => $"{j.Id} {j.Kind} {j.State} {j.Done}/{j.Total} {j.Message}")));
            await Task.Delay(100);
        }

        output.WriteLine($"dropped file searchable after {clock.Elapsed.TotalSeconds:0.0} s");

        clock.Restart();
        File.Delete(files[5]);
        while (true)
        {
            await using var db = await app.Catalog.CreateDbContextAsync();
            if (!await db.Photos.AnyAsync(p => p.Path == files[5]))
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the deleted file is still catalogued after 10 s");
            await Task.Delay(100);
        }

        output.WriteLine($"deleted file gone after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_job_can_be_paused_resumed_and_cancelled()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:BatchFiles"] = "16", ["Indexer:Workers"] = "1", ["Indexer:Watch"] = "false" });
        var library = app.Temp.Sub("library");
        const int photos = 400;
        TestImages.WriteLibrary(library, photos);
        var job = (await app.Jobs.AddLibraryAsync(library))!;
        await app.WaitForAsync(job.Id, j => j.Done > 0, TimeSpan.FromMinutes(1), "a first batch");

        await app.Jobs.PauseAsync(job.Id);
        await Task.Delay(2000);
        var paused = (await app.Jobs.GetAsync(job.Id))!;
        await Task.Delay(2000);
        var stillPaused = (await app.Jobs.GetAsync(job.Id))!;
        Assert.Equal(IndexJobStates.Paused, stillPaused.State);
        Assert.Equal(paused.Done, stillPaused.Done);
        Assert.True(stillPaused.Done < photos, "the job finished before it could be paused");

        await app.Jobs.ResumeAsync(job.Id);
        var finished = await app.WaitForEndAsync(job.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(IndexJobStates.Succeeded, finished.State);
        Assert.Equal(photos, finished.Done);

        var other = app.Temp.Sub("other");
        TestImages.WriteLibrary(other, photos, firstSeed: 10_000);
        var second = (await app.Jobs.AddLibraryAsync(other))!;
        await app.WaitForAsync(second.Id, j => j.Done > 0, TimeSpan.FromMinutes(1), "a first batch");
        await app.Jobs.CancelAsync(second.Id);
        await Task.Delay(2000);
        var count = await CountEmbeddingsAsync(app, other);
        await Task.Delay(2000);
        Assert.Equal(IndexJobStates.Cancelled, (await app.Jobs.GetAsync(second.Id))!.State);
        Assert.Equal(count, await CountEmbeddingsAsync(app, other));
        Assert.True(count < photos, "the cancelled job embedded everything");
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Jobs.ResumeAsync(second.Id));
    }

    [Fact]
    public async Task Failed_files_are_listed_with_their_reason_and_retried_on_demand()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" });
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 10);
        var broken = Path.Combine(library, "broken.png");
        await File.WriteAllBytesAsync(broken, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5]);
        var job = (await app.Jobs.AddLibraryAsync(library))!;
        var done = await app.WaitForEndAsync(job.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(IndexJobStates.Succeeded, done.State);
        Assert.Equal(1, done.Failed);
        var failed = Assert.Single(await app.Jobs.FailedFilesAsync());
        Assert.Equal(broken, failed.Path);
        Assert.False(string.IsNullOrWhiteSpace(failed.Reason));

        // An unchanged bad file is skipped by later scans, until a retry is asked for.
        var rescan = (await app.Jobs.StartAsync(IndexJobKinds.ReindexMissing))[0];
        Assert.Equal(0, (await app.WaitForEndAsync(rescan.Id, TimeSpan.FromMinutes(1))).Failed);
        var retry = (await app.Jobs.RetryFailedAsync())[0];
        var retried = await app.WaitForEndAsync(retry.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(1, retried.Failed);
        Assert.True(Assert.Single(await app.Jobs.FailedFilesAsync()).OccurredAt > failed.OccurredAt);
    }

    [Fact]
    public async Task Remove_vanished_and_rebuild_index_jobs_work_from_the_catalog_without_embedding()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" });
        var library = app.Temp.Sub("library");
        var files = TestImages.WriteLibrary(library, 20);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(scan.Id, TimeSpan.FromMinutes(1))).State);

        File.Delete(files[0]);
        File.Delete(files[1]);
        var remove = (await app.Jobs.StartAsync(IndexJobKinds.RemoveVanished))[0];
        var removed = await app.WaitForEndAsync(remove.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(IndexJobStates.Succeeded, removed.State);
        Assert.Equal(2, removed.Done);

        var rebuild = (await app.Jobs.StartAsync(IndexJobKinds.RebuildIndex))[0];
        var rebuilt = await app.WaitForEndAsync(rebuild.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(IndexJobStates.Succeeded, rebuilt.State);
        Assert.Equal(18, rebuilt.Done);

        var model = app.Services.GetRequiredService<IModelCache>().Get(app.Model);
        var hits = await app.Services.GetRequiredService<PhotoSearch>().SearchImageAsync(model, files[7], 20);
        Assert.Equal(files[7], hits[0].Payload.Path);
        Assert.Equal(18, hits.Count);
        Assert.DoesNotContain(hits, h => h.Payload.Path == files[0]);
    }

    [Fact]
    public async Task Only_one_job_per_library_and_model_is_active_at_a_time()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false", ["Indexer:RunJobs"] = "false" });
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 3);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Queued, scan.State);

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Jobs.StartAsync(IndexJobKinds.ReindexAll));
        Assert.Null(await app.Jobs.TryStartAsync(IndexJobKinds.Scan, await LibraryIdAsync(app), app.Model));
        var otherModel = RandomClipModel.Write(app.Temp.Sub("model-b"), name: "random-clip-b", seed: 9);
        Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.ReindexAll, otherModel));

        await app.Jobs.CancelAsync(scan.Id);
        Assert.Single(await app.Jobs.StartAsync(IndexJobKinds.ReindexMissing));
        await Assert.ThrowsAsync<ArgumentException>(() => app.Jobs.StartAsync("defragment"));
        await Assert.ThrowsAsync<ArgumentException>(() => app.Jobs.StartAsync(IndexJobKinds.ReindexMissing, library: "nope"));
    }

    [Fact]
    public async Task Two_hosts_in_one_process_each_run_their_own_jobs_to_the_end()
    {
        // The job system keeps some state per process; each host must still see only its own storage and work.
        await using var first = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" });
        await using var second = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" });
        var jobs = new List<Task<IndexJobInfo>>();
        foreach (var (app, count) in new[] { (first, 30), (second, 20) })
        {
            var library = app.Temp.Sub("library");
            TestImages.WriteLibrary(library, count);
            var scan = (await app.Jobs.AddLibraryAsync(library))!;
            jobs.Add(app.WaitForEndAsync(scan.Id, TimeSpan.FromMinutes(1)));
        }

        var done = await Task.WhenAll(jobs);
        Assert.All(done, d => Assert.Equal(IndexJobStates.Succeeded, d.State));
        Assert.Equal([30L, 20L], done.Select(d => d.Done));
    }

    [Fact]
    public async Task A_host_keeps_running_its_jobs_after_another_host_in_the_process_stopped()
    {
        await using var app = await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" });
        await (await EmbeddedHost.StartAsync(new() { ["Indexer:Watch"] = "false" })).DisposeAsync();
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 12);
        var scan = (await app.Jobs.AddLibraryAsync(library))!;

        var done = await app.WaitForEndAsync(scan.Id, TimeSpan.FromMinutes(1));

        Assert.Equal(IndexJobStates.Succeeded, done.State);
        Assert.Equal(12, done.Done);
    }

    private static async Task<int> LibraryIdAsync(EmbeddedHost app)
    {
        await using var db = await app.Catalog.CreateDbContextAsync();
        return await db.Libraries.Select(l => l.Id).SingleAsync();
    }

    private static async Task<int> CountEmbeddingsAsync(EmbeddedHost app, string root)
    {
        await using var db = await app.Catalog.CreateDbContextAsync();
        return await db.Embeddings.CountAsync(e => e.Photo!.Library!.RootPath == root);
    }
}
