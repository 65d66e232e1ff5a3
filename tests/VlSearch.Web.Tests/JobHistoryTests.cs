using System.Net.Http.Json;
using System.Text.Json;
using VlSearch.Testing;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>The in-process jobs' history outlives a restart of the app.</summary>
public sealed class JobHistoryTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Jobs_of_an_earlier_run_are_listed_after_a_restart_and_one_cut_off_by_a_crash_shows_as_failed_and_resumes()
    {
        var data = temp.Sub("data");
        var library = new SyntheticLibrary(Path.Combine(temp.Path, "photos"), 6);
        JobInfo first;
        using (var before = new VlSearchWebFactory(data))
        {
            first = await before.AddLibraryAndWaitAsync(library.Folder);
            Assert.Equal("succeeded", first.State);
            Assert.Equal(6, first.Embedded);
        }

        // A crash while a second job ran leaves its "queued" line as its last, and may cut a line short.
        var history = Path.Combine(data, "web-jobs.jsonl");
        var crashed = first with { Id = first.Id + 1, State = "running", FinishedAt = null, Message = null };
        await File.AppendAllTextAsync(history, JsonSerializer.Serialize(crashed, new JsonSerializerOptions(JsonSerializerDefaults.Web)) + "\n{\"id\":99,\"ki");

        using var after = new VlSearchWebFactory(data);
        using var admin = after.CreateAdminClient();
        var jobs = (await admin.GetFromJsonAsync<List<JobInfo>>("/api/v1/admin/jobs"))!;
        Assert.Equal([crashed.Id, first.Id], jobs.Select(j => j.Id));
        var old = jobs[1];
        Assert.Equal("succeeded", old.State);
        Assert.Equal(first.Embedded, old.Embedded);
        Assert.Equal(first.FinishedAt, old.FinishedAt);
        var cut = jobs[0];
        Assert.Equal("failed", cut.State);
        Assert.Contains("stopped", cut.Message, StringComparison.Ordinal);

        // Resuming it runs its work again as a new job; every photo is already embedded.
        var resumed = (await (await admin.PostAsync($"/api/v1/admin/jobs/{cut.Id}/resume", null)).Content.ReadFromJsonAsync<JobInfo>())!;
        Assert.True(resumed.Id > cut.Id);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        JobInfo done;
        while ((done = (await admin.GetFromJsonAsync<JobInfo>($"/api/v1/admin/jobs/{resumed.Id}"))!).State is "queued" or "running")
        {
            Assert.True(DateTime.UtcNow < deadline, "the resumed job did not finish");
            await Task.Delay(100);
        }

        Assert.Equal("succeeded", done.State);
        Assert.Equal(0, done.Embedded);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Dispose();
    }
}
