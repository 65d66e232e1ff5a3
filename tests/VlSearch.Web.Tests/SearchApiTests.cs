using System.Net;
using System.Net.Http.Json;
using SixLabors.ImageSharp;
using VlSearch.Web.Api;
using Xunit.Abstractions;

namespace VlSearch.Web.Tests;

[Collection(IndexedAppCollection.Name)]
public sealed class SearchApiTests(IndexedAppFixture app, ITestOutputHelper output)
{
    [Fact]
    public void The_library_added_through_the_admin_api_is_indexed_completely()
    {
        Assert.Equal("succeeded", app.IndexJob.State);
        Assert.Equal(100, app.IndexJob.Percent);
        Assert.Equal(IndexedAppFixture.PhotoCount, app.IndexJob.Embedded);
    }

    [Fact]
    public async Task Searching_each_caption_ranks_its_photo_in_the_top_five_for_most_captions()
    {
        using var client = app.Factory.CreateClient();
        var hits = 0;
        foreach (var (path, caption) in app.Library.Captions)
        {
            var page = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q={Uri.EscapeDataString(caption)}&k=5");
            Assert.NotNull(page);
            Assert.Equal(5, page.Items.Count);
            Assert.Equal(page.Items.OrderByDescending(i => i.Score).Select(i => i.Id), page.Items.Select(i => i.Id));
            hits += page.Items.Any(i => i.Path == path) ? 1 : 0;
        }

        output.WriteLine($"{hits} of {app.Library.Captions.Count} captions found their photo in the top 5");
        Assert.True(hits >= app.Library.Captions.Count * 0.8, $"only {hits} of {app.Library.Captions.Count}");
    }

    [Fact]
    public async Task Results_carry_scores_and_urls_that_serve_the_photo_by_id()
    {
        using var client = app.Factory.CreateClient();
        // Without rerank the score is the cosine (reranked scores add a match probability: RerankApiTests).
        var page = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20red%20circle&k=3&rerank=false");
        var item = page!.Items[0];
        Assert.InRange(item.Score, -1f, 1f);
        Assert.Equal($"/api/v1/photos/{item.Id}/thumbnail", item.ThumbnailUrl);
        Assert.Equal("png", item.FileType);
        Assert.Contains(item.Path, app.Library.Captions.Keys);

        var original = await client.GetByteArrayAsync(item.OriginalUrl);
        Assert.Equal(await File.ReadAllBytesAsync(item.Path), original);
    }

    [Fact]
    public async Task Following_the_cursor_continues_the_ranking_without_overlap()
    {
        using var client = app.Factory.CreateClient();
        const string query = "a big blue star on a light background";
        var all = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q={Uri.EscapeDataString(query)}&k=10");
        var first = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q={Uri.EscapeDataString(query)}&k=5");
        Assert.NotNull(first!.NextCursor);
        var second = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q={Uri.EscapeDataString(query)}&k=5&cursor={first.NextCursor}");

        Assert.Equal(all!.Items.Select(i => i.Id), first.Items.Concat(second!.Items).Select(i => i.Id));

        var last = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q={Uri.EscapeDataString(query)}&k={IndexedAppFixture.PhotoCount + 5}");
        Assert.Equal(IndexedAppFixture.PhotoCount, last!.Items.Count);
        Assert.Null(last.NextCursor);
    }

    [Fact]
    public async Task Filters_keep_only_matching_photos()
    {
        using var client = app.Factory.CreateClient();
        var png = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20yellow%20square&k=50&type=png");
        Assert.Equal(IndexedAppFixture.PhotoCount, png!.Items.Count);

        var jpeg = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20yellow%20square&k=50&type=jpeg");
        Assert.Empty(jpeg!.Items);

        var inFolder = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q=a%20yellow%20square&k=50&folder={Uri.EscapeDataString(app.Library.Folder)}");
        Assert.Equal(IndexedAppFixture.PhotoCount, inFolder!.Items.Count);

        var elsewhere = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20yellow%20square&k=50&folder=%2Fnowhere%2Felse");
        Assert.Empty(elsewhere!.Items);

        // Synthetic images have no capture date, so any date range excludes them.
        var dated = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20yellow%20square&k=50&from=2000-01-01");
        Assert.Empty(dated!.Items);

        var library = Path.GetFileName(app.Library.Folder);
        var byLibrary = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/search?q=a%20yellow%20square&k=50&library={library}");
        Assert.Equal(IndexedAppFixture.PhotoCount, byLibrary!.Items.Count);
        Assert.All(byLibrary.Items, i => Assert.Equal(library, i.Library));
    }

    [Fact]
    public async Task Uploading_a_catalogued_image_finds_that_photo_first()
    {
        using var client = app.Factory.CreateClient();
        var path = app.Library.Captions.Keys.Skip(7).First();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(path)), "file", "query.png");
        var response = await client.PostAsync("/api/v1/search/image?k=3", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<SearchResponse>();
        Assert.Equal(path, page!.Items[0].Path);
        Assert.True(page.Items[0].Score > 0.99f, $"score {page.Items[0].Score}");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.Factory.Data, "uploads")));
    }

    [Fact]
    public async Task A_photo_page_lists_its_details_and_similar_photos_without_itself()
    {
        using var client = app.Factory.CreateClient();
        var hit = (await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20green%20triangle&k=1"))!.Items[0];

        var details = await client.GetFromJsonAsync<PhotoDetails>($"/api/v1/photos/{hit.Id}");
        Assert.Equal(hit.Path, details!.Path);
        Assert.Equal(224, details.Width);
        Assert.Equal(new FileInfo(hit.Path).Length, details.Size);

        var similar = await client.GetFromJsonAsync<SearchResponse>($"/api/v1/photos/{hit.Id}/similar?k=5");
        Assert.Equal(5, similar!.Items.Count);
        Assert.DoesNotContain(similar.Items, i => i.Id == hit.Id);
        Assert.Equal(similar.Items.OrderByDescending(i => i.Score).Select(i => i.Id), similar.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Thumbnails_are_sized_jpegs_made_once_and_then_served_from_the_cache()
    {
        using var client = app.Factory.CreateClient();
        var hit = (await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=an%20orange%20ring&k=1"))!.Items[0];

        var response = await client.GetAsync($"/api/v1/photos/{hit.Id}/thumbnail?size=64");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var image = Image.Load(bytes))
        {
            Assert.Equal(64, Math.Max(image.Width, image.Height));
        }

        var cached = Directory.GetFiles(Path.Combine(app.Factory.Data, "thumbnails", "64"), "*.jpg", SearchOption.AllDirectories);
        Assert.Single(cached);
        var written = File.GetLastWriteTimeUtc(cached[0]);

        var again = await client.GetByteArrayAsync($"/api/v1/photos/{hit.Id}/thumbnail?size=64");
        Assert.Equal(bytes, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cached[0]));
    }
}
