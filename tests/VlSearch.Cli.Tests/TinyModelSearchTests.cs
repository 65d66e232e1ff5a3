using System.Text.Json;
using Xunit.Abstractions;

namespace VlSearch.Cli.Tests;

/// <summary>The shipped offline model finds the right photo for a description, through the real command line.</summary>
public sealed class TinyModelSearchTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder temp = new();

    private sealed record Captioned(string File, string Caption);

    [Fact]
    public async Task Searching_each_caption_of_the_test_split_ranks_its_photo_in_the_top_five_for_at_least_95_percent()
    {
        var split = RepositoryPaths.Combine("samples", "synthetic-test");
        var captions = JsonSerializer.Deserialize<List<Captioned>>(
            File.ReadAllText(Path.Combine(split, "captions.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(1000, captions.Count);

        var cli = new CliRunner(temp.Sub("data"));
        var index = await cli.RunAsync("index", split, "--model", "vlsearch-tiny", "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);
        Assert.Equal(1000, index.Json[0].GetProperty("embedded").GetInt64());

        var queries = Path.Combine(temp.Path, "queries.txt");
        File.WriteAllLines(queries, captions.Select(c => c.Caption));
        var search = await cli.RunAsync("search", "--queries-file", queries, "-k", "5", "--model", "vlsearch-tiny", "--json");
        Assert.True(search.ExitCode == 0, search.Stderr);
        var results = search.Json.EnumerateArray().ToList();
        Assert.Equal(captions.Count, results.Count);

        var hits = 0;
        for (var i = 0; i < captions.Count; i++)
        {
            Assert.Equal(captions[i].Caption, results[i].GetProperty("query").GetString());
            var expected = Path.Combine(split, captions[i].File);
            var top = results[i].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("path").GetString());
            hits += top.Contains(expected) ? 1 : 0;
        }

        var rate = hits / (double)captions.Count;
        output.WriteLine($"paired photo in the top 5 for {hits} of {captions.Count} captions ({rate:P1})");
        Assert.True(rate >= 0.95, $"only {rate:P1} of captions found their photo in the top 5");
    }

    public void Dispose() => temp.Dispose();
}
