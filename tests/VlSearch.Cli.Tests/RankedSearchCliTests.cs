using System.Text.Json;

namespace VlSearch.Cli.Tests;

/// <summary><c>vlsearch search</c> through the ranking pipeline: its options, exit codes and explanations.</summary>
public sealed class RankedSearchCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Theory]
    [InlineData("--cutoff", "sometimes")]
    [InlineData("--stages", "everything")]
    [InlineData("--fusion", "average")]
    [InlineData("--weights", "1")]
    [InlineData("--weights", "1,-2")]
    public async Task A_bad_ranking_option_is_a_usage_error_that_names_it(string option, string value)
    {
        var cli = new CliRunner(temp.Sub("data"));

        var result = await cli.RunAsync("search", "a red circle", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(value, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rerank-top", "0")]
    [InlineData("--rerank-top", "201")]
    [InlineData("--rerank", "--no-rerank")]
    public async Task A_bad_rerank_option_is_a_usage_error_that_names_it(string option, string value)
    {
        var cli = new CliRunner(temp.Sub("data"));

        var result = await cli.RunAsync("search", "a red circle", "--stages", "keyword", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rerank_whose_model_is_missing_still_answers_and_prints_why_it_was_skipped()
    {
        var photos = temp.Sub("photos");
        var cli = new CliRunner(temp.Sub("data")) { Environment = { ["VLSEARCH_Rerank__Model"] = temp.File("no-such-itm") } };
        Assert.Equal(0, (await cli.RunAsync("generate", "--split", "shift", "--count", "4", "--out", photos, "--seed", "3")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("index", photos, "--model", "vlsearch-tiny", "--json")).ExitCode);

        var table = await cli.RunAsync("search", "a red circle", "--model", "vlsearch-tiny", "--rerank", "--rerank-top", "10");
        var json = await cli.RunAsync("search", "a red circle", "--model", "vlsearch-tiny", "--json", "--explain");
        var off = await cli.RunAsync("search", "a red circle", "--model", "vlsearch-tiny", "--json", "--explain", "--no-rerank");

        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("rerank skipped: the reranker model", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("could not be loaded", table.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.False(json.Json.GetProperty("rerank").GetProperty("ran").GetBoolean());
        Assert.Equal(4, json.Json.GetProperty("hits").GetArrayLength());
        Assert.True(off.ExitCode == 0, off.Stderr);
        Assert.False(off.Json.TryGetProperty("rerank", out _));
    }

    [Fact]
    public async Task A_query_that_does_not_parse_exits_2_with_a_caret_under_the_position()
    {
        var cli = new CliRunner(temp.Sub("data"));

        var result = await cli.RunAsync("search", "!!!", "--stages", "keyword");

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.ReplaceLineEndings("\n").Split('\n');
        var message = Array.FindIndex(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.True(message >= 0, result.Stderr);
        Assert.Equal("  !!!", lines[message + 1]);
        Assert.Equal("  ^^^", lines[message + 2]);
    }

    [Fact]
    public async Task Explain_prints_each_stage_per_hit_and_the_cutoff_and_stages_options_change_the_list()
    {
        var photos = temp.Sub("photos");
        var cli = new CliRunner(temp.Sub("data"));
        Assert.Equal(0, (await cli.RunAsync("generate", "--split", "shift", "--count", "12", "--out", photos, "--seed", "7")).ExitCode);
        var index = await cli.RunAsync("index", photos, "--model", "vlsearch-tiny", "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);
        var photo = Directory.EnumerateFiles(photos, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".png", StringComparison.Ordinal) || p.EndsWith(".jpg", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .First();
        var name = Path.GetFileNameWithoutExtension(photo);

        var explained = await cli.RunAsync("search", name, "--model", "vlsearch-tiny", "-k", "12", "--explain", "--json", "--no-rerank");
        Assert.True(explained.ExitCode == 0, explained.Stderr);
        var hits = explained.Json.GetProperty("hits");
        Assert.Equal(12, hits.GetArrayLength());
        Assert.All(hits.EnumerateArray(), h => Assert.Equal(
            ["vector", "keyword", "fused", "cut"],
            h.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString())));

        // The file name is the keyword side's best match, whatever the vector side thinks of it.
        var named = hits.EnumerateArray().Single(h => h.GetProperty("path").GetString() == photo);
        Assert.Equal(1, named.GetProperty("stages")[1].GetProperty("rank").GetInt32());
        Assert.Equal(named.GetProperty("score").GetDouble(), named.GetProperty("stages")[2].GetProperty("score").GetDouble());
        Assert.Contains(explained.Json.GetProperty("timings").EnumerateArray(), t => t.GetProperty("stage").GetString() == "fuse");
        Assert.Equal(0, explained.Json.GetProperty("hiddenByCutoff").GetInt32());

        var keyword = await cli.RunAsync("search", name, "--stages", "keyword", "--json");
        Assert.True(keyword.ExitCode == 0, keyword.Stderr);
        Assert.All(keyword.Json.EnumerateArray(), h => Assert.Equal(JsonValueKind.Undefined, h.TryGetProperty("vectorScore", out var v) ? v.ValueKind : JsonValueKind.Undefined));
        Assert.Equal(photo, keyword.Json[0].GetProperty("path").GetString());

        var fixedCut = await cli.RunAsync("search", name, "--model", "vlsearch-tiny", "-k", "12", "--stages", "vector", "--cutoff", "2", "--json", "--explain");
        Assert.True(fixedCut.ExitCode == 0, fixedCut.Stderr);
        Assert.Empty(fixedCut.Json.GetProperty("hits").EnumerateArray());
        Assert.Equal(12, fixedCut.Json.GetProperty("hiddenByCutoff").GetInt32());

        var table = await cli.RunAsync("search", name, "--model", "vlsearch-tiny", "--explain", "--fusion", "relative", "--weights", "1,0.5");
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("fused", table.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
