namespace VlSearch.Cli.Tests;

/// <summary><c>vlsearch reindex --features</c>: the reranker's image features, or a clear usage error.</summary>
public sealed class RerankFeaturesCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Reindex_features_without_a_reranker_is_a_usage_error_that_says_why()
    {
        var cli = new CliRunner(temp.Sub("data"));

        // The shipped reranker is found beside the app unless it is turned off.
        cli.Environment["VLSEARCH_Rerank__Enabled"] = "false";

        var run = await cli.RunAsync("reindex", "--features");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No reranker is installed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reindex_features_refuses_options_of_other_rebuilds()
    {
        var cli = new CliRunner(temp.Sub("data"));

        var run = await cli.RunAsync("reindex", "--features", "--keywords");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--features", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
