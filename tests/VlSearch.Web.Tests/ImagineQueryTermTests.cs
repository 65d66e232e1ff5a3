using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VlSearch.Testing.OpenAi;
using VlSearch.Web.Api;

namespace VlSearch.Web.Tests;

/// <summary><c>imagine:"…"</c> in the query language: the double's picture, embedded, is the image term.</summary>
[Collection(AnswerAppCollection.Name)]
public sealed class ImagineQueryTermTests(AnswerAppFixture app) : IDisposable
{
    private const string Description = "a red kite over a beach";

    public void Dispose() => app.Server.Fault = DoubleFault.None;

    [Fact]
    public async Task An_imagine_term_searches_with_the_generated_picture_and_ranks_as_searching_by_that_picture()
    {
        using var client = app.Factory.CreateClient();
        var before = app.Server.Requests.Count(IsGeneration);

        var byTerm = await SearchAsync(client, $"imagine:\"{Description}\"");

        // The same picture, drawn by /imagine and uploaded as a search image: the same nearest photo.
        using var imagined = await client.PostAsJsonAsync("/api/v1/imagine", new { description = Description, k = 5 });
        var picture = (await imagined.Content.ReadFromJsonAsync<ImagineResponse>())!;
        var png = Convert.FromBase64String(picture.Image["data:image/png;base64,".Length..]);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "imagined.png");
        using var uploaded = await client.PostAsync("/api/v1/search/image?k=5", form);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var byUpload = (await uploaded.Content.ReadFromJsonAsync<SearchResponse>())!;

        Assert.NotEmpty(byTerm.Items);
        Assert.Equal(byUpload.Items[0].Id, byTerm.Items[0].Id);
        Assert.Equal(picture.Items[0].Id, byTerm.Items[0].Id);
        var generations = app.Server.Requests.Where(IsGeneration).Skip(before).ToList();
        Assert.Equal(2, generations.Count);
        Assert.All(generations, r => Assert.Equal(Description, (string?)r.Body!["prompt"]));
        Assert.Equal("sd-test", generations[0].Model);
    }

    [Fact]
    public async Task An_imagine_term_combines_with_text_and_a_weighted_like_term_in_one_query()
    {
        using var client = app.Factory.CreateClient();
        var liked = (await SearchAsync(client, "photo")).Items[0].Id;
        var before = app.Server.Requests.Count(IsGeneration);

        var combined = await SearchAsync(client, $"photo 2:imagine:\"{Description}\" +like:{liked}");

        Assert.NotEmpty(combined.Items);

        // A positive like: leaves its own photo out of the results; the imagined picture was drawn once.
        Assert.DoesNotContain(combined.Items, i => i.Id == liked);
        Assert.Equal(before + 1, app.Server.Requests.Count(IsGeneration));
    }

    [Fact]
    public async Task A_failing_text_to_image_service_is_a_bad_gateway_problem_not_a_server_error()
    {
        app.Server.Fault = DoubleFault.Unauthorized;
        using var client = app.Factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("imagine:kite"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_text_to_image_service_an_imagine_term_is_a_400_naming_why_and_other_queries_still_work()
    {
        using var factory = new VlSearchWebFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString("beach imagine:\"a kite\""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("q")[0].GetString();
        Assert.Contains("imagine: needs a text-to-image service", message, StringComparison.Ordinal);
        Assert.Contains("Answers:Imagine:Enabled", message, StringComparison.Ordinal);
        Assert.Equal(6, problem.GetProperty("position").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?q=beach")).StatusCode);
    }

    private static bool IsGeneration(RecordedRequest request) => request.Path.EndsWith("/images/generations", StringComparison.Ordinal);

    private static async Task<SearchResponse> SearchAsync(HttpClient client, string q)
    {
        using var response = await client.GetAsync("/api/v1/search?k=5&q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SearchResponse>())!;
    }
}
