using System.Net.Http.Json;
using System.Text.Json;

namespace VlSearch.Web.Tests;

[Collection(IndexedAppCollection.Name)]
public sealed class OpenApiTests(IndexedAppFixture app)
{
    [Fact]
    public async Task The_openapi_document_describes_every_api_route()
    {
        using var client = app.Factory.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var expected in new[]
                 {
                     "/api/v1/search", "/api/v1/search/image", "/api/v1/photos/{id}", "/api/v1/photos/{id}/thumbnail",
                     "/api/v1/photos/{id}/original", "/api/v1/photos/{id}/similar", "/api/v1/admin/jobs",
                 })
        {
            Assert.Contains(expected, paths);
        }
    }

    [Fact]
    public async Task The_interactive_docs_load_their_script_from_the_app_itself()
    {
        using var client = app.Factory.CreateClient();
        var page = await client.GetStringAsync("/docs/");
        Assert.Contains("scalar.js", page);
        Assert.DoesNotContain("cdn.jsdelivr", page);
        var script = await client.GetAsync("/docs/scalar.js");
        Assert.True(script.IsSuccessStatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }
}
