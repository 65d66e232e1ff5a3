namespace VlSearch.Cli.Tests;

public sealed class TaggerCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Eval_tagger_scores_the_shipped_tagger_and_bench_tagger_times_it_as_json()
    {
        var cli = new CliRunner(temp.Sub("data"));
        var model = RepositoryPaths.Combine("models", "vlsearch-tiny-tagger");

        var eval = await cli.RunAsync("eval-tagger", "--model", model, "--split", "test", "--count", "40", "--json");
        var bench = await cli.RunAsync("bench", "tagger", "--model", model, "--images", "2", "--runs", "1");

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Equal("vlsearch-tiny-tagger", eval.Json.GetProperty("model").GetString());
        var metrics = eval.Json.GetProperty("metrics");
        Assert.Equal(40, metrics.GetProperty("images").GetInt32());
        Assert.True(metrics.GetProperty("objectF1").GetDouble() >= 0.8, eval.Stdout);
        Assert.True(metrics.GetProperty("attributeF1").GetDouble() >= 0.8, eval.Stdout);
        Assert.True(bench.ExitCode == 0, bench.Stderr);
        Assert.True(bench.Json.GetProperty("msPerImageP50").GetDouble() > 0, bench.Stdout);
    }

    [Fact]
    public async Task Eval_tagger_without_a_model_finds_the_shipped_tagger_from_any_working_directory()
    {
        var cli = new CliRunner(temp.Sub("data")) { WorkingDirectory = temp.Sub("elsewhere") };

        var eval = await cli.RunAsync("eval-tagger", "--count", "8", "--json");

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Equal("vlsearch-tiny-tagger", eval.Json.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Eval_tagger_refuses_a_folder_that_is_not_a_tagger_and_an_unknown_split()
    {
        var cli = new CliRunner(temp.Sub("data"));

        var notTagger = await cli.RunAsync("eval-tagger", "--model", temp.Sub("empty"));
        var badSplit = await cli.RunAsync("eval-tagger", "--split", "holdout");

        Assert.Equal(2, notTagger.ExitCode);
        Assert.Contains("not an object tagger", notTagger.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badSplit.ExitCode);
        Assert.Contains("Unknown split", badSplit.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
