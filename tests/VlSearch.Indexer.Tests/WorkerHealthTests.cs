using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VlSearch.Hosting;
using VlSearch.Testing;

namespace VlSearch.Indexer.Tests;

/// <summary>The worker has no web server of its own; it answers the same health probes at Health:Url.</summary>
public sealed class WorkerHealthTests
{
    [Fact]
    public async Task The_worker_answers_liveness_and_readiness_at_its_health_url_and_nothing_else()
    {
        using var temp = new TempFolder();
        var port = FreePort();
        var model = RandomClipModel.Write(temp.Sub("model"));
        var builder = VlSearchHost.CreateBuilder(temp.Sub("data"), new Dictionary<string, string?>
        {
            ["Models:Active"] = model,
            ["Inference:Threads"] = "1",
            ["Health:Url"] = $"http://127.0.0.1:{port}/",
        });
        builder.AddVlSearchIndexer(temp.Sub("data"));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var live = await client.GetAsync("health/live");
            var ready = await client.GetAsync("health/ready");
            var other = await client.GetAsync("api/v1/search?q=x");
            var post = await client.PostAsync("health/ready", null);

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var checks = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!.AsArray();
            Assert.Equal(["catalog", "index", "model"], checks.Select(c => c!["name"]!.GetValue<string>()));
            Assert.All(checks, c => Assert.Equal("Healthy", c!["status"]!.GetValue<string>()));
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData("https://+:8081/")]
    [InlineData("http://+:8081/health")]
    [InlineData("not a url")]
    public async Task A_health_url_that_is_not_an_http_prefix_stops_the_worker_at_start(string url)
    {
        using var temp = new TempFolder();
        var builder = VlSearchHost.CreateBuilder(temp.Sub("data"), new Dictionary<string, string?>
        {
            ["Models:Active"] = RandomClipModel.Write(temp.Sub("model")),
            ["Health:Url"] = url,
        });
        builder.AddVlSearchIndexer(temp.Sub("data"));
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Health:Url", refused.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
