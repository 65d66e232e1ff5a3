using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using VlSearch.Testing.OpenAi;
using VlSearch.Web.Api;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

[Collection(AnswerAppCollection.Name)]
public sealed partial class AnswerApiTests(AnswerAppFixture app) : IDisposable
{
    private OpenAiCompatibleServerDouble Server => app.Server;

    public void Dispose()
    {
        Server.Fault = DoubleFault.None;
        Server.FaultFor = null;
        Server.ToolCall = null;
        Server.Answer = _ => "A photo of something.";
    }

    internal sealed record SseEvent(string Name, JsonElement Data);

    internal static async Task<List<SseEvent>> ReadEventsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var name = Regex.Match(block, "^event: (.*)$", RegexOptions.Multiline).Groups[1].Value;
            var data = Regex.Match(block, "^data: (.*)$", RegexOptions.Multiline).Groups[1].Value;
            return new SseEvent(name, JsonDocument.Parse(data).RootElement.Clone());
        })];
    }

    [GeneratedRegex(@"Photo id (\d+):")]
    private static partial Regex PhotoLabel();

    [Fact]
    public async Task Ask_streams_the_answer_and_cites_only_photos_that_were_sent_to_the_model()
    {
        Server.Answer = r => $"The lake house is [photo:{PhotoLabel().Match(r.UserText).Groups[1].Value}], not [photo:999999].";
        var before = Server.ChatRequests.Count;
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/ask", new { question = "which of these was taken at the lake house?", query = "a red circle", k = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadEventsAsync(response);
        Assert.True(events.Count(e => e.Name == "delta") > 1);
        var done = Assert.Single(events, e => e.Name == "done");
        var request = Server.ChatRequests[before];
        Assert.Equal(3, request.Images.Count);
        Assert.All(request.Images, i => Assert.True(Math.Max(i.Width, i.Height) <= AnswerAppFixture.ImageMaxSide, $"{i.Width}x{i.Height}"));
        Assert.Equal("Bearer " + AnswerAppFixture.ProviderKey, request.Authorization);
        Assert.Equal("llava-test", request.Model);
        Assert.Equal(123, (int?)request.Body!["max_completion_tokens"] ?? (int?)request.Body["max_tokens"]);
        var first = long.Parse(PhotoLabel().Match(request.UserText).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([first], done.Data.GetProperty("cited").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal($"/api/v1/photos/{first}/thumbnail", done.Data.GetProperty("photos")[0].GetProperty("thumbnailUrl").GetString());
        Assert.Contains("[photo:999999]", string.Concat(events.Where(e => e.Name == "delta").Select(e => e.Data.GetProperty("text").GetString())), StringComparison.Ordinal);
        Assert.Empty(Server.Rejections);
    }

    [Fact]
    public async Task Ask_with_photo_ids_sends_those_photos_and_a_tool_call_can_make_more_photos_citable()
    {
        using var client = app.Factory.CreateClient();
        var page = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20blue%20square&k=5&rerank=false");
        var chosen = page!.Items[0].Id;
        Server.ToolCall = new ScriptedToolCall("photos-search", "{\"query\":\"a green triangle\",\"k\":5}");
        long found = 0;
        Server.Answer = r =>
        {
            var reply = JsonDocument.Parse(Assert.Single(r.ToolReplies)).RootElement;
            found = long.Parse(reply.EnumerateArray().First(e => e.GetProperty("id").GetString() != chosen.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            return $"Looking further, [photo:{found}] matches better than [photo:{chosen}].";
        };

        using var response = await client.PostAsJsonAsync("/api/v1/ask", new { question = "is there a green triangle?", photoIds = new[] { chosen } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = Assert.Single(await ReadEventsAsync(response), e => e.Name == "done");
        Assert.Equal([found, chosen], done.Data.GetProperty("cited").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([chosen], done.Data.GetProperty("sent").EnumerateArray().Select(e => e.GetInt64()));
        Assert.DoesNotContain(app.Library.Folder, Server.ChatRequests[^1].ToolReplies[0], StringComparison.Ordinal);
        Assert.Empty(Server.Rejections);
    }

    [Theory]
    [InlineData("{\"question\":\"\"}", "question")]
    [InlineData("{\"question\":\"x\",\"k\":5}", "k")]
    [InlineData("{\"question\":\"x\",\"photoIds\":[1,2,3,4,5]}", "photoIds")]
    [InlineData("{\"question\":\"x\",\"photoIds\":[987654321]}", "photoIds")]
    [InlineData("{\"question\":\"x\",\"query\":\"+-dog\"}", "query")]
    public async Task Ask_refuses_bad_input_and_requests_over_the_image_limit_with_a_400(string body, string field)
    {
        var before = Server.ChatRequests.Count;
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/ask", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, Server.ChatRequests.Count);
    }

    [Theory]
    [InlineData(DoubleFault.Unauthorized, HttpStatusCode.BadGateway)]
    [InlineData(DoubleFault.TooManyRequests, HttpStatusCode.ServiceUnavailable)]
    [InlineData(DoubleFault.MalformedJson, HttpStatusCode.BadGateway)]
    [InlineData(DoubleFault.Slow, HttpStatusCode.GatewayTimeout)]
    public async Task A_provider_failure_before_the_answer_is_a_problem_with_the_matching_status(DoubleFault fault, HttpStatusCode expected)
    {
        Server.Fault = fault;
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/ask", new { question = "what is this?", k = 1 });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("model service", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AnswerAppFixture.ProviderKey, problem.ToString(), StringComparison.Ordinal);
        if (fault == DoubleFault.TooManyRequests)
        {
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }

    [Fact]
    public async Task A_stream_cut_off_mid_answer_ends_with_an_error_event()
    {
        Server.Fault = DoubleFault.StreamCutOff;
        Server.Answer = _ => "The first words arrive and then";
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/ask", new { question = "what is this?", k = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await ReadEventsAsync(response);
        Assert.Equal("delta", events[0].Name);
        var error = events[^1];
        Assert.Equal("error", error.Name);
        Assert.Equal(502, error.Data.GetProperty("status").GetInt32());
        Assert.DoesNotContain(events, e => e.Name == "done");
    }

    [Fact]
    public async Task Ask_and_imagine_need_a_key_from_another_machine_like_search()
    {
        using var closed = app.Factory.WithWebHostBuilder(b => b.UseSetting("Web:RequireApiKey", "true"));
        using var client = closed.CreateClient();
        client.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.50");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/search?q=dog")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/ask", new { question = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/imagine", new { description = "x" })).StatusCode);
        client.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/ask", new { question = "x", k = 1 })).StatusCode);
    }

    [Fact]
    public async Task Imagine_returns_the_drawn_picture_and_the_photos_nearest_to_it()
    {
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/imagine", new { description = "a red circle on white", k = 5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ImagineResponse>();
        Assert.StartsWith("data:image/png;base64,", body!.Image, StringComparison.Ordinal);
        Assert.Equal(5, body.Items.Count);
        var request = Server.Requests.Last(r => r.Path.EndsWith("/images/generations", StringComparison.Ordinal));
        Assert.Equal("sd-test", request.Model);
        Assert.Equal("a red circle on white", (string?)request.Body!["prompt"]);
    }

    [Fact]
    public async Task Imagine_failures_are_problems_too()
    {
        Server.Fault = DoubleFault.Unauthorized;
        using var client = app.Factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/imagine", new { description = "a kite" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/imagine", new { description = " " })).StatusCode);
    }

    [Fact]
    public async Task The_admin_view_shows_what_each_capability_sends_and_never_the_key_and_no_log_line_holds_the_key()
    {
        using var admin = app.Factory.CreateAdminClient();
        using var client = app.Factory.CreateClient();
        await client.PostAsJsonAsync("/api/v1/ask", new { question = "anything?", k = 2 });

        var json = await admin.GetStringAsync("/api/v1/admin/answers");
        var page = await admin.GetStringAsync("/admin");

        var questions = JsonDocument.Parse(json).RootElement.EnumerateArray().Single(e => e.GetProperty("capability").GetString() == "Questions");
        Assert.True(questions.GetProperty("enabled").GetBoolean());
        Assert.Equal(AnswerAppFixture.ImageMaxSide, questions.GetProperty("imageMaxSide").GetInt32());
        Assert.Equal(Server.BaseUri.ToString(), questions.GetProperty("endpoint").GetString());
        Assert.True(questions.GetProperty("hasKey").GetBoolean());
        Assert.Contains("llava-test", page, StringComparison.Ordinal);
        Assert.Contains($"JPEG up to {AnswerAppFixture.ImageMaxSide} px", page, StringComparison.Ordinal);
        Assert.DoesNotContain(AnswerAppFixture.ProviderKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain(AnswerAppFixture.ProviderKey, page, StringComparison.Ordinal);
        Assert.NotEmpty(app.Logs.Messages);
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains(AnswerAppFixture.ProviderKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_search_page_enables_ask_and_imagine_when_their_providers_are_on()
    {
        using var client = app.Factory.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Matches("<button id=\"ask-button\" type=\"button\" title=\"[^\"]*\">Ask</button>", html);
        Assert.DoesNotContain("id=\"ask-off\"", html, StringComparison.Ordinal);
    }
}
