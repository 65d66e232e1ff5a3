using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>The admin job form and the jobs API start caption jobs where captioning is configured, and only there.</summary>
[Collection(AnswerAppCollection.Name)]
public sealed class CaptionJobFormTests(AnswerAppFixture app)
{
    [Fact]
    public async Task A_captions_missing_job_started_through_the_jobs_api_captions_every_photo_through_the_double()
    {
        using var admin = app.Factory.CreateAdminClient();
        var page = await admin.GetStringAsync("/admin");
        Assert.Matches("<button type=\"button\" id=\"captions-missing\"(?![^>]*disabled)[^>]*>Caption missing</button>", page);

        // "All", not "missing": another test of this collection may have captioned the photos already.
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/jobs", new { kind = "captions-all" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JobInfo>())!;
        Assert.Equal("captions-all", job.Kind);
        var done = await WaitAsync(admin, job.Id);
        Assert.Equal("succeeded", done.State);
        Assert.Contains(app.Server.ChatRequests, r => r.Model == "captioner-test");
        var catalog = app.Factory.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await catalog.CreateDbContextAsync();
        Assert.Equal(AnswerAppFixture.PhotoCount, await db.Photos.CountAsync(p => p.Caption != null && p.CaptionModel != null));
    }

    [Fact]
    public async Task A_caption_job_for_chosen_libraries_is_a_400_since_it_covers_the_whole_catalog()
    {
        using var admin = app.Factory.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/v1/admin/jobs", new { kind = "captions-all", libraryIds = new[] { 1 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("leave libraryIds empty", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_captioning_configured_caption_jobs_are_a_400_naming_why_and_the_form_disables_them()
    {
        using var factory = new VlSearchWebFactory();
        using var admin = factory.CreateAdminClient();

        using var missing = await admin.PostAsJsonAsync("/api/v1/admin/jobs", new { kind = "captions-missing" });
        using var all = await admin.PostAsJsonAsync("/api/v1/admin/jobs", new { kind = "captions-all" });
        using var unknown = await admin.PostAsJsonAsync("/api/v1/admin/jobs", new { kind = "captions-some" });
        var page = await admin.GetStringAsync("/admin");

        foreach (var response in new[] { missing, all })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var why = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("kind")[0].GetString();
            Assert.Contains("needs captioning", why, StringComparison.Ordinal);
            Assert.Contains("Answers:Captioning:Enabled", why, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("captions-missing", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Matches("<button type=\"button\" id=\"captions-missing\" disabled[^>]*No model service is configured for captioning", page);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<List<JobInfo>>("/api/v1/admin/jobs"))!, j => j.Kind.StartsWith("captions", StringComparison.Ordinal));
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

            await Task.Delay(50);
        }
    }
}
