using System.Diagnostics;
using System.Text.Json;

namespace VlSearch.Cli.Tests;

public sealed class CrashRecoveryTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task A_run_killed_mid_way_is_completed_by_the_next_run_with_one_vector_per_photo()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var total = TestImages.WriteLibrary(library, 1500).Count;
        CliRunner cli;
        for (var attempt = 1; ; attempt++)
        {
            cli = new CliRunner(temp.Sub("data-" + attempt));
            using (var victim = cli.StartWatched("index", library, "--model", model, "--json"))
            {
                // Kill once the run reports photos saved, with most of the library still to do.
                var saved = await WaitForSavedPhotosAsync(victim);
                Assert.True(saved < total, "the first progress report came after the whole library; it is too small to interrupt");
                victim.Process.Kill(entireProcessTree: true);
                await victim.WaitForExitAsync();
            }

            // A busy machine can deliver the kill only after the run has finished: then the run was too short to say
            // anything about crashes, so it is repeated on a fresh catalog with twice the photos.
            var interrupted = (await cli.RunAsync("status", "--json")).Json;
            if (interrupted.GetProperty("photos").GetInt64() < total)
            {
                break;
            }

            Assert.True(attempt < 4, "the kill came after the run had finished, four times");
            total += TestImages.WriteLibrary(Path.Combine(library, "more-" + attempt), total, firstSeed: 1_000_000 * attempt).Count;
        }

        var rerun = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        var after = (await cli.RunAsync("status", "--json")).Json;

        // Reference: an uninterrupted run in its own data folder.
        var reference = new CliRunner(temp.Sub("reference"));
        Assert.Equal(0, (await reference.RunAsync("index", library, "--model", model)).ExitCode);
        var expected = (await reference.RunAsync("status", "--json")).Json;

        var photos = expected.GetProperty("photos").GetInt64();
        Assert.Equal(total, photos);
        Assert.Equal(photos, after.GetProperty("photos").GetInt64());
        var vectors = after.GetProperty("models")[0];
        Assert.Equal(photos, vectors.GetProperty("vectors").GetInt64());
        Assert.Equal(photos, vectors.GetProperty("indexed").GetInt64());
    }

    [Fact]
    public async Task Ctrl_C_stops_a_run_cleanly_and_the_next_run_finishes_it()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var total = TestImages.WriteLibrary(library, 1500).Count;
        CliRunner cli;
        for (var attempt = 1; ; attempt++)
        {
            // A busy machine can deliver the signal only after the run has finished: then the run was too short to
            // say anything about interruption, so it is repeated on a fresh catalog with twice the photos.
            cli = new CliRunner(temp.Sub("data-" + attempt));
            using var run = cli.StartWatched("index", library, "--model", model, "--json");
            var reported = await WaitForSavedPhotosAsync(run);
            Assert.True(reported < total, "the first progress report came after the whole library; it is too small to interrupt");
            using (var interrupt = Process.Start("kill", ["-INT", run.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            var (exitCode, _, stderr) = await run.WaitForExitAsync();
            if (exitCode == 0 && attempt < 4)
            {
                total += TestImages.WriteLibrary(Path.Combine(library, "more-" + attempt), total, firstSeed: 1_000_000 * attempt).Count;
                continue;
            }

            Assert.Equal(130, exitCode);
            Assert.Contains("run the same command again", stderr, StringComparison.Ordinal);
            break;
        }

        var stopped = (await cli.RunAsync("status", "--json")).Json;
        var saved = stopped.GetProperty("photos").GetInt64();
        Assert.InRange(saved, 1, total - 1);
        // Everything saved in the catalog is also in the index: nothing waits for the next run's repair.
        Assert.Equal(saved, stopped.GetProperty("models")[0].GetProperty("indexed").GetInt64());

        var rerun = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        Assert.Equal(total - saved, rerun.Json[0].GetProperty("embedded").GetInt64());
        Assert.Equal(saved, rerun.Json[0].GetProperty("unchanged").GetInt64());
    }

    [Fact]
    public async Task A_lost_index_folder_is_rebuilt_from_the_catalog_at_start_without_re_embedding()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var files = TestImages.WriteLibrary(library, 40);
        var cli = new CliRunner(temp.Sub("data"));
        Assert.Equal(0, (await cli.RunAsync("index", library, "--model", model)).ExitCode);

        Directory.Delete(Path.Combine(cli.DataDirectory, "index"), recursive: true);

        // A query is the first thing run: the start-up check must bring the vectors back before it.
        var hits = await cli.RunAsync("similar", files[7], "--model", model, "-k", "1", "--json");
        Assert.True(hits.ExitCode == 0, hits.Stderr);
        Assert.Equal(files[7], hits.Json[0].GetProperty("path").GetString());
        var status = (await cli.RunAsync("status", "--json")).Json;
        Assert.Equal(40, status.GetProperty("models")[0].GetProperty("indexed").GetInt64());
        var again = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.Equal(0, again.Json[0].GetProperty("embedded").GetInt64());
    }

    /// <summary>
    /// Waits for the first <c>index --json</c> progress line of the embedding phase: it comes after a batch is
    /// written to the catalog, so at least that many photos are saved whatever the machine's speed.
    /// </summary>
    private static async Task<long> WaitForSavedPhotosAsync(CliProcess run)
    {
        var line = await run.WaitForStderrLineAsync(IsEmbeddingProgress, "a progress line with photos saved");
        var done = JsonDocument.Parse(line).RootElement.GetProperty("done").GetInt64();
        Assert.False(run.HasExited, "the run finished before it could be interrupted");
        return done;
    }

    private static bool IsEmbeddingProgress(string line)
    {
        if (!line.StartsWith('{'))
        {
            return false;
        }

        var progress = JsonDocument.Parse(line).RootElement;
        return progress.GetProperty("phase").GetString() == "embedding" && progress.GetProperty("done").GetInt64() > 0;
    }

    public void Dispose() => temp.Dispose();
}
