using System.Net;
using System.Text.Json.Nodes;

namespace VlSearch.Web.Tests;

/// <summary>The probes a load balancer or Kubernetes calls: open without a key, 503 when a dependency is not ready.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Liveness_answers_without_a_key_and_runs_no_checks()
    {
        await using var factory = new VlSearchWebFactory { Settings = { ["Web:RequireApiKey"] = "true" } };
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.Empty(body["checks"]!.AsArray());
    }

    [Fact]
    public async Task Readiness_reports_the_catalog_the_index_and_the_active_model_without_paths()
    {
        await using var factory = new VlSearchWebFactory { Settings = { ["Web:RequireApiKey"] = "true" } };
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonNode.Parse(text)!["checks"]!.AsArray();
        Assert.Equal(["catalog", "index", "model"], checks.Select(c => c!["name"]!.GetValue<string>()));
        Assert.All(checks, c => Assert.Equal("Healthy", c!["status"]!.GetValue<string>()));
        Assert.DoesNotContain(factory.Data, text, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Readiness_is_503_while_the_active_model_cannot_be_loaded_and_liveness_stays_200()
    {
        await using var factory = new VlSearchWebFactory { Settings = { ["Models:Active"] = "no-such-model" } };
        using var client = factory.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var checks = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!.AsArray();
        var model = checks.Single(c => c!["name"]!.GetValue<string>() == "model")!;
        Assert.Equal("Unhealthy", model["status"]!.GetValue<string>());
        Assert.Contains("no-such-model", model["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.Single(c => c!["name"]!.GetValue<string>() == "catalog")!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
