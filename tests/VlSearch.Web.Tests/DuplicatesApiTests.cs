using System.Net;
using System.Text.Json;

namespace VlSearch.Web.Tests;

/// <summary><c>GET /api/v1/duplicates</c> on the indexed test library (vlsearch-tiny vectors, no ResNet18 ones).</summary>
[Collection(IndexedAppCollection.Name)]
public sealed class DuplicatesApiTests(IndexedAppFixture app)
{
    [Fact]
    public async Task Groups_come_in_the_documented_shape_with_the_keeper_first_and_the_total_in_a_header()
    {
        using var admin = app.Factory.CreateAdminClient();

        using var response = await admin.GetAsync("/api/v1/duplicates?model=vlsearch-tiny&threshold=0.5&limit=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["groups"], root.EnumerateObject().Select(p => p.Name));
        var groups = root.GetProperty("groups").EnumerateArray().ToList();
        var total = int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Min(2, total), groups.Count);
        Assert.True(total > 0, "at threshold 0.5 the synthetic library has near-duplicates");
        foreach (var group in groups)
        {
            Assert.Equal(["keep", "photos"], group.EnumerateObject().Select(p => p.Name));
            var photos = group.GetProperty("photos").EnumerateArray().ToList();
            Assert.True(photos.Count >= 2);
            Assert.Equal(group.GetProperty("keep").GetString(), photos[0].GetProperty("path").GetString());
            Assert.Equal(1.0, photos[0].GetProperty("score").GetDouble(), 3);
            Assert.All(photos, p => Assert.Equal(["path", "score"], p.EnumerateObject().Select(x => x.Name)));
        }

        using var csv = await admin.GetAsync("/api/v1/duplicates?model=vlsearch-tiny&threshold=0.5&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("group,keep,path,score,width,height", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("threshold=abc")]
    [InlineData("threshold=1.5")]
    [InlineData("limit=0")]
    [InlineData("offset=-1")]
    [InlineData("format=xml")]
    public async Task Bad_input_gets_a_400_problem(string query)
    {
        using var admin = app.Factory.CreateAdminClient();

        using var response = await admin.GetAsync($"/api/v1/duplicates?model=vlsearch-tiny&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_model_without_vectors_gets_a_404_problem_that_says_to_index_with_it()
    {
        using var admin = app.Factory.CreateAdminClient();

        using var response = await admin.GetAsync("/api/v1/duplicates");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("resnet18-imagenet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
