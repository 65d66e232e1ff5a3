namespace VlSearch.Cli.Tests;

/// <summary>The plumbing of <c>bench encode</c> on a few photos; its speed numbers are reported, not tested.</summary>
public sealed class EncodeBenchmarkTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task The_encode_benchmark_reports_every_stage_and_derives_efficiency_from_the_measured_costs()
    {
        var photos = temp.Sub("photos");
        for (var i = 0; i < 12; i++)
        {
            TestImages.WriteJpeg(Path.Combine(photos, $"p{i:00}.jpg"), 700 + i, 640);
        }

        var cli = new CliRunner(temp.Sub("data"));
        var run = await cli.RunAsync("bench", "encode", "--model", "vlsearch-tiny", "--images", photos, "--count", "10", "--batch", "1", "--batch", "4");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = run.Json;
        Assert.Equal(10, report.GetProperty("images").GetInt32());

        // The pipeline indexes the ten photos repeated under other names, enough for a rate.
        Assert.Equal(240, report.GetProperty("pipelineImages").GetInt32());
        var cores = report.GetProperty("cores").GetInt32();
        Assert.Equal(Environment.ProcessorCount, cores);

        var decode = report.GetProperty("decodePreprocessParallel").GetProperty("cpuSecondsPerImage").GetDouble();
        Assert.True(decode > 0);
        var inference = report.GetProperty("inference").EnumerateArray().ToList();
        var endToEnd = report.GetProperty("endToEnd").EnumerateArray().ToList();
        Assert.Equal([1, 4], inference.Select(s => s.GetProperty("batch").GetInt32()));
        Assert.Equal([1, 4], endToEnd.Select(s => s.GetProperty("batch").GetInt32()));

        var warmUps = report.GetProperty("warmUpPasses").GetInt32();
        Assert.InRange(warmUps, 1, 8);
        Assert.True(report.GetProperty("firstPass").GetProperty("imagesPerSecond").GetDouble() > 0);

        for (var i = 0; i < endToEnd.Count; i++)
        {
            var stage = endToEnd[i];
            var rate = stage.GetProperty("imagesPerSecond").GetDouble();
            Assert.True(rate > 0);
            Assert.True(stage.GetProperty("jitMilliseconds").GetDouble() >= 0);

            // Efficiency is the end-to-end rate over the rate the cores allow at the measured CPU costs.
            var allowed = cores / (decode + inference[i].GetProperty("cpuSecondsPerImage").GetDouble());
            Assert.Equal(rate / allowed, stage.GetProperty("efficiency").GetDouble(), 0.01);
        }
    }

    public void Dispose() => temp.Dispose();
}
