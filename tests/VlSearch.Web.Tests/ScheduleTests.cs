using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Web.Api;
using VlSearch.Web.Services;

namespace VlSearch.Web.Tests;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 3 * * *", "2026-03-04T03:00:00", true)]
    [InlineData("0 3 * * *", "2026-03-04T03:01:00", false)]
    [InlineData("*/15 * * * *", "2026-03-04T10:45:00", true)]
    [InlineData("*/15 * * * *", "2026-03-04T10:46:00", false)]
    [InlineData("0 0 * * 0", "2026-03-08T00:00:00", true)]
    [InlineData("0 0 * * 7", "2026-03-08T00:00:00", true)]
    [InlineData("0 0 * * 1-5", "2026-03-08T00:00:00", false)]
    [InlineData("0 12 1,15 * *", "2026-03-15T12:00:00", true)]
    [InlineData("0 12 1 * 1", "2026-03-02T12:00:00", true)]
    [InlineData("0 12 1 6 *", "2026-03-01T12:00:00", false)]
    public void Schedules_fire_in_the_minutes_cron_describes(string expression, string utc, bool fires)
    {
        var time = DateTime.SpecifyKind(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.Equal(fires, CronSchedule.Parse(expression).Matches(time));
    }

    [Theory]
    [InlineData("0 3 * *")]
    [InlineData("60 * * * *")]
    [InlineData("* 24 * * *")]
    [InlineData("* * 0 * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("5-2 * * * *")]
    [InlineData("a b c d e")]
    public void Malformed_schedules_are_rejected(string expression) =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
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

        var scans = app.Factory.Services.GetRequiredService<ScheduledScans>();
        var monday = new DateTime(2026, 3, 2, 4, 30, 0, DateTimeKind.Utc);
        Assert.Empty(await scans.RunDueAsync(monday.AddMinutes(1), CancellationToken.None));
        Assert.Equal([info.Id], await scans.RunDueAsync(monday, CancellationToken.None));

        var runner = app.Factory.Services.GetRequiredService<InProcessJobRunner>();
        var job = runner.List().First(j => j.LibraryIds.SequenceEqual([info.Id]));
        await runner.WaitAsync(job.Id);
        var libraries = await admin.GetFromJsonAsync<List<LibraryInfo>>("/api/v1/admin/libraries");
        Assert.Equal(2, libraries!.Single(l => l.Id == info.Id).Photos);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/libraries/{info.Id}")).StatusCode);
    }
}
