namespace VlSearch.Cli.Tests;

/// <summary>The plumbing of <c>bench search --http</c> on a small catalogued library; its latencies are reported, not tested.</summary>
public sealed class HttpSearchBenchmarkTests : IDisposable
{
    private readonly TempFolder temp = new();

    [SkippableFact]
    public async Task The_http_benchmark_catalogues_its_library_once_and_searches_it_through_the_web_app()
    {
        var web = RepositoryPaths.Combine("web", "VlSearch.Web", "bin", "Release", "net10.0", "VlSearch.Web.dll");
        Skip.IfNot(File.Exists(web), "The web app is not built in Release (dotnet build web/VlSearch.Web -c Release).");
        var data = temp.Sub("data");
        var cli = new CliRunner(data);
        string[] args = ["bench", "search", "--http", "-n", "300", "--queries", "6", "--concurrency", "2", "-k", "10", "--model", "vlsearch-tiny", "--web", web];

        var first = await cli.RunAsync(args);

        Assert.True(first.ExitCode == 0, first.Stderr);
        var report = first.Json;
        Assert.Equal(300, report.GetProperty("photos").GetInt32());
        Assert.False(report.GetProperty("reused").GetBoolean());
        Assert.Equal("hybrid", report.GetProperty("stages").GetString());
        foreach (var run in new[] { "sequential", "concurrent" })
        {
            var latency = report.GetProperty(run);
            Assert.Equal(6, latency.GetProperty("requests").GetInt32());
            Assert.Equal(0, latency.GetProperty("errors").GetInt32());
            Assert.True(latency.GetProperty("p95").GetDouble() >= latency.GetProperty("p50").GetDouble());

            // The app sees the catalogued photos: every answer is a full page.
            Assert.Equal(10, latency.GetProperty("meanHits").GetDouble());
        }

        Assert.Equal(2, report.GetProperty("concurrent").GetProperty("clients").GetInt32());
        Assert.True(File.Exists(Path.Combine(data, "bench", "search-http-300-vlsearch-tiny", "bench-library.json")));

        var second = await cli.RunAsync(args);

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.True(second.Json.GetProperty("reused").GetBoolean());
    }

    [Fact]
    public async Task A_folder_that_is_not_a_benchmark_library_is_never_emptied()
    {
        var foreign = temp.Sub("someone-elses-data");
        File.WriteAllText(Path.Combine(foreign, "catalog.db"), "precious");

        // The folder is judged before the web app is started, so a stand-in assembly is enough.
        var web = temp.File("VlSearch.Web.dll");
        File.WriteAllText(web, "");

        var run = await new CliRunner(temp.Sub("data")).RunAsync("bench", "search", "--http", "-n", "50", "--bench-data", foreign, "--model", "vlsearch-tiny", "--web", web);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("holds no bench-library.json", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(foreign, "catalog.db")));
    }

    [Theory]
    [InlineData("--concurrency", "4")]
    [InlineData("--rebuild", null)]
    public async Task Http_options_without_http_are_usage_errors(string option, string? value)
    {
        string[] args = value is null ? ["bench", "search", option] : ["bench", "search", option, value];

        var run = await new CliRunner(temp.Sub("data")).RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("only apply with --http", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_stages_are_a_usage_error()
    {
        var run = await new CliRunner(temp.Sub("data")).RunAsync("bench", "search", "--http", "--stages", "semantic");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--stages", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
