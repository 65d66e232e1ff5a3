using System.Text.Json;
using Xunit.Abstractions;

namespace VlSearch.Cli.Tests;

public sealed class IncrementalIndexingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Indexing_again_skips_unchanged_files_reuses_moved_ones_and_forgets_deleted_ones()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var files = TestImages.WriteLibrary(library, 2000);
        var cli = new CliRunner(temp.Sub("data"));

        var first = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var firstRun = first.Json[0];
        Assert.Equal(2000, firstRun.GetProperty("embedded").GetInt64());

        var second = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        var secondRun = second.Json[0];
        Assert.Equal(0, secondRun.GetProperty("embedded").GetInt64());
        Assert.Equal(2000, secondRun.GetProperty("unchanged").GetInt64());
        output.WriteLine($"first run {Seconds(firstRun)} s, second run {Seconds(secondRun)} s (pipeline time, without process start)");

        // Move 100 files to a new folder (and rename them): none is embedded again, and searches find the new paths.
        var moved = temp.Sub("library/moved");
        var movedPairs = files.Take(100).Select((f, i) => (From: f, To: Path.Combine(moved, $"renamed-{i}.png"))).ToList();
        foreach (var (from, to) in movedPairs)
        {
            File.Move(from, to);
        }

        var third = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(third.ExitCode == 0, third.Stderr);
        Assert.Equal(0, third.Json[0].GetProperty("embedded").GetInt64());
        Assert.Equal(100, third.Json[0].GetProperty("reused").GetInt64());
        Assert.Equal(0, third.Json[0].GetProperty("removed").GetInt64());
        foreach (var (_, to) in movedPairs.Take(5))
        {
            var hits = await cli.RunAsync("similar", to, "--model", model, "-k", "1", "--json");
            Assert.True(hits.ExitCode == 0, hits.Stderr);
            Assert.Equal(to, hits.Json[0].GetProperty("path").GetString());
        }

        // Delete 100 other files: they leave the catalog and the index.
        var deleted = files.Skip(100).Take(100).ToList();
        var probes = temp.Sub("probes");
        var probe = Path.Combine(probes, "probe.png");
        File.Copy(deleted[0], probe);
        foreach (var f in deleted)
        {
            File.Delete(f);
        }

        var fourth = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(fourth.ExitCode == 0, fourth.Stderr);
        Assert.Equal(100, fourth.Json[0].GetProperty("removed").GetInt64());
        var afterDelete = await cli.RunAsync("similar", probe, "--model", model, "-k", "50", "--json");
        var paths = afterDelete.Json.EnumerateArray().Select(h => h.GetProperty("path").GetString()).ToList();
        Assert.DoesNotContain(deleted[0], paths);
        Assert.NotEqual(1.0, afterDelete.Json[0].GetProperty("score").GetDouble(), 3);

        var status = await cli.RunAsync("status", "--json");
        Assert.Equal(1900, status.Json.GetProperty("photos").GetInt64());
        var vectors = status.Json.GetProperty("models")[0];
        Assert.Equal(1900, vectors.GetProperty("vectors").GetInt64());
        Assert.Equal(1900, vectors.GetProperty("indexed").GetInt64());
    }

    private static string Seconds(JsonElement run) => run.GetProperty("seconds").GetDouble().ToString("0.00");

    public void Dispose() => temp.Dispose();
}
