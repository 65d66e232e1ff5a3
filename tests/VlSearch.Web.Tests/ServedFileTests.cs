using System.Net;
using System.Net.Http.Json;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>
/// Through the API: a catalogued photo replaced by a symbolic link into the data folder is no longer served, as
/// original or thumbnail; the photos beside it still are. An app of its own, because the test changes its library.
/// </summary>
public sealed class ServedFileTests : IAsyncLifetime
{
    private readonly VlSearchWebFactory factory = new();
    private SyntheticLibrary library = default!;

    public async Task InitializeAsync()
    {
        library = new SyntheticLibrary(Path.Combine(factory.TempRoot, "photos"), 3);
        await factory.AddLibraryAndWaitAsync(library.Folder);
    }

    [Fact]
    public async Task A_catalogued_photo_replaced_by_a_symlink_into_the_data_folder_is_404_for_original_and_thumbnail()
    {
        using var client = factory.CreateClient();
        var hits = (await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20photo&k=3"))!.Items;
        var victim = hits[0];
        var neighbour = hits[1];

        // Same size and time as the catalogued file, so only the link gives it away.
        var planted = Path.Combine(factory.Data, "planted.png");
        File.Copy(victim.Path, planted);
        File.SetLastWriteTimeUtc(planted, File.GetLastWriteTimeUtc(victim.Path));
        File.Delete(victim.Path);
        File.CreateSymbolicLink(victim.Path, planted);

        foreach (var url in new[] { $"/api/v1/photos/{victim.Id}/original", $"/api/v1/photos/{victim.Id}/thumbnail", $"/api/v1/photos/{victim.Id}/thumbnail?size=1280" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        using var original = await client.GetAsync($"/api/v1/photos/{neighbour.Id}/original");
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(neighbour.Path), await original.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_photo_edited_since_it_was_indexed_is_404_until_it_is_indexed_again()
    {
        using var client = factory.CreateClient();
        var hit = (await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20photo&k=1"))!.Items[0];
        await File.AppendAllTextAsync(hit.Path, "appended");

        using var response = await client.GetAsync($"/api/v1/photos/{hit.Id}/original");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public Task DisposeAsync()
    {
        factory.Dispose();
        return Task.CompletedTask;
    }
}
