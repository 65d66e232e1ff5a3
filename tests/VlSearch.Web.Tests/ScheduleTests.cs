using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Hangfire;
using Hangfire.Storage;
using VlSearch.Core.Jobs;
using VlSearch.Hangfire;
using VlSearch.Jobs.Admin;

namespace VlSearch.Web.Tests;

[Collection(IndexedAppCollection.Name)]
public sealed class CronValidationTests(IndexedAppFixture app)
{
    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 0 * * 7")]
    [InlineData("0 12 1,15 * *")]
    [InlineData("30 0 3 * * *")]
    public void Schedules_the_job_system_can_run_are_accepted(string expression) =>
        app.Factory.Services.GetRequiredService<IBackgroundJobQueue>().ValidateCron(expression);

    [Theory]
    [InlineData("0 3 * *")]
    [InlineData("60 * * * *")]
    [InlineData("* 24 * * *")]
    [InlineData("* * 0 * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("a b c d e")]
    public void Malformed_schedules_are_rejected(string expression) =>
        Assert.Throws<FormatException>(() => app.Factory.Services.GetRequiredService<IBackgroundJobQueue>().ValidateCron(expression));
}

[Collection(IndexedAppCollection.Name)]
public sealed class ScheduledScanTests(IndexedAppFixture app)
{
    [Fact]
    public async Task A_library_with_a_schedule_is_rescanned_in_its_minute_only()
    {
        var library = new SyntheticLibrary(Path.Combine(app.Factory.TempRoot, "scheduled"), 2, skip: 200);
        using var admin = app.Factory.CreateAdminClient();
        var bad = await admin.PostAsJsonAsync("/api/v1/admin/libraries", new { path = library.Folder, scanCron = "every night", indexNow = false });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var created = await admin.PostAsJsonAsync("/api/v1/admin/libraries", new { path = library.Folder, scanCron = "30 4 * * 1", indexNow = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var info = (await created.Content.ReadFromJsonAsync<LibraryInfo>())!;
        Assert.Equal("30 4 * * 1", info.ScanCron);
        Assert.Equal(0, info.Photos);

        // The schedule is registered with the job system as soon as the library is saved, and its occurrence scans.
        using (var connection = app.Factory.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            Assert.Equal("30 4 * * 1", connection.GetRecurringJobs().Single(j => j.Id == HangfireJobQueue.ScanName(info.Id)).Cron);
        }

        app.Factory.Services.GetRequiredService<IRecurringJobManager>().Trigger(HangfireJobQueue.ScanName(info.Id));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await admin.GetFromJsonAsync<List<LibraryInfo>>("/api/v1/admin/libraries"))!.Single(l => l.Id == info.Id).Photos < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the scheduled scan did not index the library within 60 s");
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/libraries/{info.Id}")).StatusCode);
    }
}
