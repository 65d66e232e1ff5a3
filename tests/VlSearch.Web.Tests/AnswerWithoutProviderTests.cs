using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VlSearch.Hosting.Answers;
using VlSearch.Testing.OpenAi;

namespace VlSearch.Web.Tests;

/// <summary>The app with no model service, with one that is down, and with a tight per-minute budget.</summary>
public sealed class AnswerWithoutProviderTests
{
    [Fact]
    public async Task Without_a_provider_ask_and_imagine_are_503_and_the_page_disables_them_with_a_reason_while_search_works()
    {
        using var factory = new VlSearchWebFactory();
        using var client = factory.CreateClient();

        using var ask = await client.PostAsJsonAsync("/api/v1/ask", new { question = "which was at the lake?", k = 2 });
        using var imagine = await client.PostAsJsonAsync("/api/v1/imagine", new { description = "a lake" });
        var html = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ask.StatusCode);
        Assert.Contains("Answers:Questions:Enabled", (await ask.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, imagine.StatusCode);
        Assert.Contains("<button id=\"ask-button\" type=\"button\" disabled", html, StringComparison.Ordinal);
        Assert.Contains("<button id=\"imagine-button\" type=\"button\" disabled", html, StringComparison.Ordinal);
        Assert.Contains("Ask is off: No model service is configured for questions", html, StringComparison.Ordinal);
        Assert.Contains("Imagine is off: No model service is configured for imagine", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?q=dog")).StatusCode);
    }

    [Fact]
    public async Task A_provider_that_is_down_is_a_503_and_search_still_answers()
    {
        using var factory = new VlSearchWebFactory { Settings = AnswerAppFixture.Answers(OpenAiCompatibleServerDouble.ClosedPortUri(), "sk-down") };
        using var client = factory.CreateClient();

        using var ask = await client.PostAsJsonAsync("/api/v1/ask", new { question = "anything?", k = 1 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ask.StatusCode);
        Assert.Contains("cannot be reached", (await ask.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?q=dog")).StatusCode);
    }

    [Fact]
    public async Task Requests_past_the_per_minute_cost_limit_are_429_with_retry_after_and_never_reach_the_provider()
    {
        await using var server = await OpenAiCompatibleServerDouble.StartAsync();
        using var factory = new VlSearchWebFactory { Settings = AnswerAppFixture.Answers(server.BaseUri, "sk-rpm", requestsPerMinute: 2) };
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await client.PostAsJsonAsync("/api/v1/ask", new { question = "anything?", k = 1 });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter);
        Assert.Contains("RequestsPerMinute", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, server.ChatRequests.Count);
        last.Dispose();
    }

    [Fact]
    public void An_enabled_capability_without_a_model_stops_the_app_at_start_with_a_message_naming_the_section()
    {
        var factory = new VlSearchWebFactory { Settings = { ["Answers:Questions:Enabled"] = "true", ["Answers:Questions:Endpoint"] = "http://127.0.0.1:1/v1/" } };
        Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        try
        {
            factory.Dispose();
        }
        catch (ArgumentNullException)
        {
            // WebApplicationFactory cannot stop a host that never started; nothing of it is running.
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Answers:Questions:Enabled"] = "true" }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddVlSearchAnswers().BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QuestionsOptions>>().Value);
        Assert.Contains("Answers:Questions is enabled but incomplete", ex.Message, StringComparison.Ordinal);
    }
}
