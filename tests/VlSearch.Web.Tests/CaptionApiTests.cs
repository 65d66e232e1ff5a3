using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Indexing;
using VlSearch.Jobs;
using VlSearch.Testing;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

[Collection(AnswerAppCollection.Name)]
public sealed class CaptionApiTests(AnswerAppFixture app)
{
    [Fact]
    public async Task A_caption_job_captions_every_photo_and_the_captions_are_found_by_keyword_and_shown_on_the_photo_page()
    {
        app.Server.Answer = r => r.UserText.Contains("describes this photo", StringComparison.Ordinal) ? "A pelican standing on a wooden pier." : "A photo of something.";
        var jobs = app.Factory.Services.GetRequiredService<IndexJobService>();

        // Jobs queued after indexing (keywords, features) may still run; a second job of no library waits for them.
        await Poll.UntilAsync(() => jobs.ListAsync().GetAwaiter().GetResult().All(j => j.State is not ("queued" or "running")), "earlier jobs to end");
        // "All", not "missing": another test of this collection may have captioned the photos already.
        var job = Assert.Single(await jobs.StartAsync(IndexJobKinds.CaptionsAll));
        var finished = await Poll.UntilAsync(() => jobs.GetAsync(job.Id).GetAwaiter().GetResult() is { State: not ("queued" or "running") } j ? j : null, "the caption job to end");

        Assert.Equal("succeeded", finished.State);
        using var client = app.Factory.CreateClient();
        var page = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=%22pelican%22&stages=keyword&k=50");
        // A caption a person wrote (another test may have set one) is kept by the job.
        var catalog = app.Factory.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using (var db = await catalog.CreateDbContextAsync())
        {
            var written = await db.Photos.CountAsync(p => p.CaptionModel == PhotoCaptioner.UserModel);
            Assert.Equal(AnswerAppFixture.PhotoCount - written, page!.Items.Count);
        }

        var html = await client.GetStringAsync($"/photos/{page!.Items[0].Id}");
        Assert.Contains("A pelican standing on a wooden pier.", html, StringComparison.Ordinal);
        Assert.Contains("Written by captioner-test.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_edits_a_caption_through_the_api_and_its_words_become_searchable()
    {
        using var client = app.Factory.CreateClient();
        using var admin = app.Factory.CreateAdminClient();
        var id = (await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20red%20circle&k=1&rerank=false"))!.Items[0].Id;

        Assert.Equal(HttpStatusCode.Forbidden, (await WithKey(VlSearchWebFactory.DeveloperKey).PutAsJsonAsync($"/api/v1/photos/{id}/caption", new { caption = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/v1/photos/{id}/caption", new { caption = "Grandma feeding the zebrafish" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/photos/987654321/caption", new { caption = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/v1/photos/{id}/caption", new { caption = new string('a', 501) })).StatusCode);

        var page = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=%22zebrafish%22&stages=keyword");
        Assert.Equal(id, Assert.Single(page!.Items).Id);
        Assert.Contains("Written by a person.", await client.GetStringAsync($"/photos/{id}"), StringComparison.Ordinal);
    }

    private HttpClient WithKey(string key)
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add(Security.WebAuth.ApiKeyHeader, key);
        return client;
    }
}
