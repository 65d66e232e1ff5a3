using System.Net;
using System.Net.Http.Json;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary>The server-rendered pages, fetched as a browser would before any script runs.</summary>
[Collection(IndexedAppCollection.Name)]
public sealed class PageTests(IndexedAppFixture app)
{
    [Fact]
    public async Task The_photo_page_shows_the_path_a_large_preview_and_similar_photos()
    {
        using var client = app.Factory.CreateClient();
        var hit = (await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20pink%20ring&k=1"))!.Items[0];

        var html = await client.GetStringAsync($"/photos/{hit.Id}");
        Assert.Contains(WebUtility.HtmlEncode(hit.Path), html, StringComparison.Ordinal);
        Assert.Contains($"/api/v1/photos/{hit.Id}/thumbnail?size=1280", html, StringComparison.Ordinal);
        Assert.Contains("Similar photos", html, StringComparison.Ordinal);
        Assert.Equal(12, CountOccurrences(html, "class=\"card\""));
    }

    [Fact]
    public async Task An_unknown_photo_page_says_so_with_a_404()
    {
        using var client = app.Factory.CreateClient();
        var response = await client.GetAsync("/photos/987654321");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_page_prerenders_the_query_box_and_the_empty_state()
    {
        using var client = app.Factory.CreateClient();
        var html = await client.GetStringAsync("/");
        Assert.Contains("id=\"query\"", html, StringComparison.Ordinal);
        Assert.Contains("Type a description", html, StringComparison.Ordinal);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
