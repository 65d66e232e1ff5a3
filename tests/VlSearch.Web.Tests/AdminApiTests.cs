using System.Net;
using System.Net.Http.Json;
using VlSearch.Jobs.Admin;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

[Collection(IndexedAppCollection.Name)]
public sealed class AdminApiTests(IndexedAppFixture app)
{
    [Fact]
    public async Task Starting_a_reindex_of_missing_photos_runs_to_100_percent_and_embeds_nothing_new()
    {
        using var admin = app.Factory.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/jobs", new { kind = "reindex-missing" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobInfo>())!;
        Assert.Equal($"/api/v1/admin/jobs/{job.Id}", response.Headers.Location!.OriginalString);

        var done = await WaitAsync(admin, job.Id);
        Assert.Equal("succeeded", done.State);
        Assert.Equal(100, done.Percent);

        var listed = await admin.GetFromJsonAsync<List<JobInfo>>("/api/v1/admin/jobs");
        Assert.Contains(listed!, j => j.Id == job.Id && j.State == "succeeded");
    }

    [Fact]
    public async Task A_broken_file_is_listed_with_its_reason_and_retried_on_request()
    {
        var folder = Path.Combine(app.Factory.TempRoot, "broken");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "truncated.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0]);
        var job = await app.Factory.AddLibraryAndWaitAsync(folder);
        Assert.Equal("succeeded", job.State);
        Assert.Equal(1, job.Failed);

        using var admin = app.Factory.CreateAdminClient();
        var failed = await admin.GetFromJsonAsync<List<FailedFile>>("/api/v1/admin/failed-files");
        var entry = Assert.Single(failed!, f => f.Path.StartsWith(folder, StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(entry.Reason));

        var retry = await admin.PostAsync($"/api/v1/admin/failed-files/retry?id={entry.Id}", null);
        var retried = await retry.Content.ReadFromJsonAsync<JobInfo>();
        Assert.NotNull(retried);
        var rerun = await WaitAsync(admin, retried.Id);
        Assert.Equal(1, rerun.Failed);

        var libraries = await admin.GetFromJsonAsync<List<LibraryInfo>>("/api/v1/admin/libraries");
        var library = libraries!.Single(l => l.RootPath == folder);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/libraries/{library.Id}")).StatusCode);
        Assert.DoesNotContain(await admin.GetFromJsonAsync<List<FailedFile>>("/api/v1/admin/failed-files") ?? [], f => f.Path.StartsWith(folder, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/admin/libraries/{library.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_models_route_lists_the_bundled_active_model()
    {
        using var admin = app.Factory.CreateAdminClient();
        var models = await admin.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/v1/admin/models");
        Assert.Contains(models!, m => m.GetProperty("name").GetString() == "vlsearch-tiny" && m.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Pulling_a_model_that_is_not_in_the_catalogue_is_a_400_naming_the_known_ones()
    {
        using var admin = app.Factory.CreateAdminClient();
        var response = await admin.PostAsync("/api/v1/admin/models/no-such-model/pull", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("clip-vit-b32", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await admin.GetFromJsonAsync<List<ModelPullInfo>>("/api/v1/admin/models/pulls") ?? []);
    }

    private static async Task<JobInfo> WaitAsync(HttpClient admin, long id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var job = (await admin.GetFromJsonAsync<JobInfo>($"/api/v1/admin/jobs/{id}"))!;
            if (job.State is not ("queued" or "running") || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }
}
