using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Testing;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>Jobs live in the catalog and the job storage of the data folder, so they outlive a restart of the app.</summary>
public sealed class JobHistoryTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Jobs_of_an_earlier_run_are_listed_after_a_restart_and_one_cut_off_by_a_crash_runs_again_to_the_end()
    {
        var data = temp.Sub("data");
        var library = new SyntheticLibrary(Path.Combine(temp.Path, "photos"), 6);
        // Without the shipped reranker no features job follows the scan, so the scan is the latest job.
        JobInfo first;
        long crashedId;
        using (var before = new VlSearchWebFactory(data) { Settings = { ["Rerank:Enabled"] = "false" } })
        {
            first = await before.AddLibraryAndWaitAsync(library.Folder);
            Assert.Equal("succeeded", first.State);
            Assert.Equal(6, first.Embedded);

            // A crash while a second job ran leaves it running with a heartbeat that no longer moves.
            var catalog = before.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
            await using var db = await catalog.CreateDbContextAsync();
            var model = await db.Jobs.Where(j => j.Id == first.Id).Select(j => j.ModelId).SingleAsync();
            var silentSince = DateTime.UtcNow.AddMinutes(-10);
            var crashed = new IndexJob
            {
                Kind = "scan", State = IndexJobStates.Running, LibraryId = first.LibraryIds[0], ModelId = model,
                StartedAt = silentSince, HeartbeatAt = silentSince, Owner = "crashed",
            };
            db.Jobs.Add(crashed);
            await db.SaveChangesAsync();
            crashedId = crashed.Id;
        }

        using var after = new VlSearchWebFactory(data) { Settings = { ["Rerank:Enabled"] = "false" } };
        using var admin = after.CreateAdminClient();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        List<JobInfo> jobs;
        while ((jobs = (await admin.GetFromJsonAsync<List<JobInfo>>("/api/v1/admin/jobs"))!).First().State is "queued" or "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "the job cut off by the crash did not run again");
            await Task.Delay(100);
        }

        Assert.Equal([crashedId, first.Id], jobs.Select(j => j.Id));
        var old = jobs[1];
        Assert.Equal("succeeded", old.State);
        Assert.Equal(first.Embedded, old.Embedded);
        Assert.Equal(first.FinishedAt, old.FinishedAt);

        // Planned again by the restarted app: every photo was embedded already, so it finishes with nothing to do.
        var rerun = jobs[0];
        Assert.Equal("succeeded", rerun.State);
        Assert.Equal(0, rerun.Total);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Dispose();
    }
}
