using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace VlSearch.Web.Tests;

/// <summary>
/// <c>rerank=</c> and <c>rerankTop=</c> on the search route, in an app whose configured reranker model is missing:
/// searches still answer, and the response says the rerank was skipped and why.
/// </summary>
public sealed class RerankApiTests(RerankApiTests.App app) : IClassFixture<RerankApiTests.App>
{
    /// <summary>An app of its own with a few photos and a reranker configured at a folder that does not exist.</summary>
    public sealed class App : IAsyncLifetime
    {
        public App()
        {
            Factory = new VlSearchWebFactory { Settings = { ["Rerank:Model"] = Path.Combine(Path.GetTempPath(), "vlsearch-no-such-itm-" + Guid.NewGuid().ToString("N")) } };
        }

        public VlSearchWebFactory Factory { get; }

        public async Task InitializeAsync()
        {
            var library = new SyntheticLibrary(Path.Combine(Factory.TempRoot, "photos"), 6);
            await Factory.AddLibraryAndWaitAsync(library.Folder);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("rerank=maybe", "rerank")]
    [InlineData("rerank=1", "rerank")]
    [InlineData("rerankTop=0", "rerankTop")]
    [InlineData("rerankTop=201", "rerankTop")]
    [InlineData("rerankTop=ten", "rerankTop")]
    public async Task A_bad_rerank_value_is_a_problem_details_naming_the_parameter(string parameter, string name)
    {
        using var client = app.Factory.CreateClient();

        using var response = await client.GetAsync($"/api/v1/search?q=a%20red%20circle&{parameter}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(name, out _), problem.ToString());
    }

    [Fact]
    public async Task A_missing_reranker_model_still_answers_in_fused_order_and_the_response_says_why()
    {
        using var client = app.Factory.CreateClient();

        var plain = await client.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20red%20circle&k=6&stages=vector");
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20red%20circle&k=6&stages=vector&rerank=true&rerankTop=10");

        Assert.Equal(Ids(plain), Ids(page));
        Assert.NotEmpty(Ids(page));
        var rerank = page.GetProperty("rerank");
        Assert.False(rerank.GetProperty("ran").GetBoolean());
        Assert.Contains("could not be loaded", rerank.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("items")[0].GetProperty("rerankScore").ValueKind);
    }

    [Fact]
    public async Task A_configured_reranker_is_on_by_default_and_rerank_false_leaves_it_out()
    {
        using var client = app.Factory.CreateClient();

        var byDefault = await client.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20red%20circle&k=3");
        var off = await client.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20red%20circle&k=3&rerank=false");

        Assert.False(byDefault.GetProperty("rerank").GetProperty("ran").GetBoolean());
        Assert.True(!off.TryGetProperty("rerank", out var none) || none.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_rerank_parameters()
    {
        using var client = app.Factory.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"rerankTop\"", document, StringComparison.Ordinal);
        Assert.Contains("\"rerank\"", document, StringComparison.Ordinal);
    }

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
}
