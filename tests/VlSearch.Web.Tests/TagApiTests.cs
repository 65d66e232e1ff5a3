using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Catalog;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>The tag routes: a photo's tags on its details and on hits, user tags, and the zero-shot vocabulary.</summary>
[Collection(IndexedAppCollection.Name)]
public sealed class TagApiTests(IndexedAppFixture app)
{
    [Fact]
    public async Task An_admin_adds_a_user_tag_that_shows_on_the_photo_its_hits_and_the_tag_filter_then_removes_it()
    {
        using var reader = app.Factory.CreateClient();
        using var admin = app.Factory.CreateAdminClient();
        var hit = (await reader.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20red%20circle&k=1&rerank=false"))!.Items[0];

        var added = await admin.PostAsJsonAsync($"/api/v1/photos/{hit.Id}/tags", new { label = "  Garden   Party " });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var tag = Assert.Single((await added.Content.ReadFromJsonAsync<List<PhotoTagInfo>>())!);
        Assert.Equal(new PhotoTagInfo("garden party", "user", 1f, "user", null, null), tag);

        var details = (await reader.GetFromJsonAsync<PhotoDetails>($"/api/v1/photos/{hit.Id}"))!;
        Assert.Contains("garden party", details.Tags);
        Assert.Equal("user", Assert.Single(details.TagDetails).Kind);

        var withTags = (await reader.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20red%20circle&k=3&rerank=false&includeTags=true"))!;
        Assert.Equal("garden party", Assert.Single(withTags.Items.Single(i => i.Id == hit.Id).Tags!).Label);
        Assert.All(withTags.Items.Where(i => i.Id != hit.Id), i => Assert.Empty(i.Tags!));
        var without = (await reader.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20red%20circle&k=3&rerank=false"))!;
        Assert.All(without.Items, i => Assert.Null(i.Tags));

        // The label's words are in the keyword index, and "tag:" matches whatever the case.
        var filtered = await reader.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=party%20tag:%22Garden%20Party%22&stages=keyword");
        Assert.Equal([hit.Id], filtered!.Items.Select(i => i.Id));

        var removed = await admin.DeleteAsync($"/api/v1/photos/{hit.Id}/tags/{Uri.EscapeDataString("Garden Party")}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty((await removed.Content.ReadFromJsonAsync<List<PhotoTagInfo>>())!);
        Assert.Empty((await reader.GetFromJsonAsync<PhotoDetails>($"/api/v1/photos/{hit.Id}"))!.Tags);
    }

    [Fact]
    public async Task The_photo_page_shows_tag_chips_by_kind_and_an_object_box_that_its_chip_reveals_on_hover()
    {
        using var reader = app.Factory.CreateClient();
        using var admin = app.Factory.CreateAdminClient();
        var hit = (await reader.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20blue%20square&k=1&rerank=false"))!.Items[0];
        var catalog = app.Factory.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using (var db = await catalog.CreateDbContextAsync())
        {
            db.PhotoTags.Add(new PhotoTag { PhotoId = hit.Id, Label = "square", Kind = PhotoTagKinds.Object, Source = "detector", Confidence = 0.9f, Detection = 0, BoxX = 0.1f, BoxY = 0.2f, BoxWidth = 0.3f, BoxHeight = 0.4f });
            await db.SaveChangesAsync();
        }

        var html = await reader.GetStringAsync($"/photos/{hit.Id}");

        Assert.Contains("class=\"tag-chip tag-object\" data-detection=\"0\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"tag-box\" data-detection=\"0\" style=\"left:10%;top:20%;width:30%;height:40%\"", html, StringComparison.Ordinal);
        Assert.Contains(".photo-page:has(.tag-chip[data-detection=\"0\"]:hover) .tag-box[data-detection=\"0\"]{display:block}", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/photos/{hit.Id}/tags/square")).StatusCode);
    }

    [Fact]
    public async Task Tag_writes_need_an_admin_and_bad_labels_unknown_photos_and_bad_flags_are_4xx()
    {
        using var reader = app.Factory.CreateClient();
        using var admin = app.Factory.CreateAdminClient();
        var hit = (await reader.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20red%20circle&k=1&rerank=false"))!.Items[0];

        var anonymous = await reader.PostAsJsonAsync($"/api/v1/photos/{hit.Id}/tags", new { label = "mine" });
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, anonymous.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/photos/{hit.Id}/tags", new { label = "   " })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/photos/{hit.Id}/tags", new { label = new string('x', 201) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/photos/987654321/tags", new { label = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/v1/photos/987654321/tags")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/v1/search?q=circle&includeTags=maybe")).StatusCode);
        Assert.Empty((await reader.GetFromJsonAsync<List<PhotoTagInfo>>($"/api/v1/photos/{hit.Id}/tags"))!);
    }

    [Fact]
    public async Task An_admin_adds_and_removes_zero_shot_labels_and_readers_cannot()
    {
        using var reader = app.Factory.CreateClient();
        using var admin = app.Factory.CreateAdminClient();
        var shipped = (await admin.GetFromJsonAsync<VocabularyInfo>("/api/v1/admin/tags/vocabulary"))!;
        Assert.True(shipped.Count >= 1000, $"only {shipped.Count} labels");
        Assert.Contains("circle", shipped.Labels);

        var added = await (await admin.PostAsJsonAsync("/api/v1/admin/tags/vocabulary", new { label = "Hot Air Balloon Festival" })).Content.ReadFromJsonAsync<VocabularyInfo>();
        Assert.Equal(shipped.Count + 1, added!.Count);
        Assert.Contains("hot air balloon festival", added.Added);
        Assert.NotEqual(shipped.Hash, added.Hash);

        var removed = await (await admin.DeleteAsync($"/api/v1/admin/tags/vocabulary/{Uri.EscapeDataString("hot air balloon festival")}")).Content.ReadFromJsonAsync<VocabularyInfo>();
        Assert.Equal(shipped.Hash, removed!.Hash);
        Assert.True((await reader.GetAsync("/api/v1/admin/tags/vocabulary")).StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/admin/tags/vocabulary", new { label = "" })).StatusCode);
    }
}
