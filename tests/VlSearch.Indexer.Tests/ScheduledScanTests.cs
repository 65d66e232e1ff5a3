using global::Hangfire;
using global::Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VlSearch.Catalog;
using VlSearch.Testing;
using VlSearch.Hangfire;
using VlSearch.Jobs;

namespace VlSearch.Indexer.Tests;

/// <summary>Libraries are rescanned on their cron, or on the configured default, as Hangfire recurring jobs.</summary>
public sealed class ScheduledScanTests
{
    [Fact]
    public async Task Each_library_gets_its_schedule_a_bad_cron_costs_only_its_own_and_a_firing_schedule_indexes_new_files()
    {
        await using var app = await EmbeddedHost.StartAsync(new()
        {
            ["Indexer:ScanCron"] = "0 3 * * *",
            // No watcher: only the schedule may find the new file.
            ["Indexer:Watch"] = "false",
        });
        var folder = app.Temp.Sub("library");
        TestImages.WriteLibrary(folder, 5);
        var first = (await app.Jobs.AddLibraryAsync(folder))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(first.Id, TimeSpan.FromMinutes(1))).State);

        int defaultId, ownId, badId;
        await using (var db = await app.Catalog.CreateDbContextAsync())
        {
            defaultId = (await db.Libraries.SingleAsync()).Id;
            var own = new Library { Name = "own", RootPath = app.Temp.Sub("own"), ScanCron = "*/15 * * * *" };
            var bad = new Library { Name = "bad", RootPath = app.Temp.Sub("bad"), ScanCron = "61 * * * *" };
            db.Libraries.AddRange(own, bad);
            await db.SaveChangesAsync();
            (ownId, badId) = (own.Id, bad.Id);
        }

        var scans = app.Services.GetServices<IHostedService>().OfType<RecurringScans>().Single();
        await scans.RefreshAsync(CancellationToken.None);

        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var schedules = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);
            Assert.Equal("0 3 * * *", schedules[HangfireJobQueue.ScanName(defaultId)]);
            Assert.Equal("*/15 * * * *", schedules[HangfireJobQueue.ScanName(ownId)]);
            Assert.False(schedules.ContainsKey(HangfireJobQueue.ScanName(badId)));
        }

        var added = TestImages.WritePng(Path.Combine(folder, "album-00", "added.png"), 4_242);
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger(HangfireJobQueue.ScanName(defaultId));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var db = await app.Catalog.CreateDbContextAsync();
            if (await db.Photos.AnyAsync(p => p.Path == added && p.Embeddings.Any()))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the scheduled scan did not index the new file within 30 s");
            await Task.Delay(200);
        }

        // Once the library is embedded with another model (an admin switched to it), its scans use that model.
        var second = RandomClipModel.Write(app.Temp.Sub("second"), name: "second-clip", seed: 8);
        var switched = (await app.Jobs.TryStartAsync(IndexJobKinds.ReindexMissing, defaultId, second))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(switched.Id, TimeSpan.FromMinutes(1))).State);
        var later = TestImages.WritePng(Path.Combine(folder, "album-01", "later.png"), 4_343);
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger(HangfireJobQueue.ScanName(defaultId));
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var db = await app.Catalog.CreateDbContextAsync();
            var models = await db.Embeddings.Where(e => e.Photo!.Path == later).Select(e => e.ModelId).ToListAsync();
            if (models.Count > 0)
            {
                Assert.Equal(["second-clip"], models);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the scheduled scan did not index the later file within 30 s");
            await Task.Delay(200);
        }

        // A schedule edited into a bad cron stops instead of running on under the old one.
        await using (var db = await app.Catalog.CreateDbContextAsync())
        {
            await db.Libraries.Where(l => l.Id == ownId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ScanCron, "not a cron"));
        }

        await scans.RefreshAsync(CancellationToken.None);
        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == HangfireJobQueue.ScanName(ownId));
        }
    }
}
