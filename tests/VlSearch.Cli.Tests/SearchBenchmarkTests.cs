namespace VlSearch.Cli.Tests;

/// <summary>The plumbing of <c>bench search</c> on a small throwaway index; its latencies are reported, not tested.</summary>
public sealed class SearchBenchmarkTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task The_search_benchmark_builds_its_own_index_and_leaves_the_data_folder_without_one()
    {
        var photos = temp.Sub("photos");
        for (var i = 0; i < 3; i++)
        {
            TestImages.WritePng(Path.Combine(photos, $"p{i}.png"), 40 + i);
        }

        var data = temp.Sub("data");
        var run = await new CliRunner(data).RunAsync("bench", "search", "--model", "vlsearch-tiny", "--photos", photos, "-n", "300", "--queries", "3", "-k", "5");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = run.Json;
        Assert.Equal("vlsearch-tiny", report.GetProperty("model").GetString());
        Assert.Equal(300, report.GetProperty("photos").GetInt32());
        Assert.Equal(64, report.GetProperty("dimension").GetInt32());
        Assert.Equal("3 image embeddings, jittered", report.GetProperty("seeds").GetString());
        foreach (var stage in new[] { "textSearch", "encodeQuery", "indexSearch", "filteredTextSearch" })
        {
            Assert.True(report.GetProperty(stage).GetProperty("p99").GetDouble() >= report.GetProperty(stage).GetProperty("p50").GetDouble());
        }

        var index = Path.Combine(data, "index");
        Assert.True(!Directory.Exists(index) || !Directory.EnumerateFileSystemEntries(index).Any(), "the data folder's index was written to");
    }

    public void Dispose() => temp.Dispose();
}
