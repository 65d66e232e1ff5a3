namespace VlSearch.Cli.Tests;

/// <summary>The plumbing of <c>bench enrich</c> on a few photos; its speed numbers are reported, not tested.</summary>
public sealed class EnrichBenchmarkTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task The_enrich_benchmark_tags_every_photo_with_both_stages_and_derives_its_ratios_from_the_measured_costs()
    {
        var photos = temp.Sub("photos");
        for (var i = 0; i < 6; i++)
        {
            TestImages.WriteJpeg(Path.Combine(photos, $"p{i:00}.jpg"), 700 + i, 640);
        }

        var cli = new CliRunner(temp.Sub("data"));
        var run = await cli.RunAsync("bench", "enrich", "--model", "vlsearch-tiny", "--images", photos, "--count", "4", "-n", "16");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = run.Json;
        Assert.Equal(4, report.GetProperty("images").GetInt32());
        Assert.Equal(16, report.GetProperty("photos").GetInt32());
        Assert.Equal("vlsearch-tiny-tagger", report.GetProperty("detector").GetString());

        // The shipped tagger reads 224-pixel squares: photos decode at that edge, not at a size for large detectors.
        Assert.Equal(224, report.GetProperty("decodeEdge").GetInt32());
        var cores = report.GetProperty("cores").GetInt32();
        double Cpu(string part) => report.GetProperty(part).GetProperty("cpuSecondsPerPhoto").GetDouble();
        double Seconds(string part) => report.GetProperty(part).GetProperty("seconds").GetDouble();
        var work = Cpu("decode") + Cpu("detect") + Cpu("score");
        Assert.True(work > 0);
        Assert.Equal(Math.Round(cores / work, 1), report.GetProperty("cpuBoundPhotosPerSecond").GetDouble(), 0.2);
        var rate = 16 / (Seconds("objects") + Seconds("zeroShot") + Seconds("push"));
        Assert.Equal(rate, report.GetProperty("photosPerSecond").GetDouble(), 0.2);
        Assert.Equal(rate / (cores / work), report.GetProperty("ofCpuBound").GetDouble(), 0.01);
        Assert.Equal(work / (Cpu("objects") + Cpu("zeroShot") + Cpu("push")), report.GetProperty("cpuEfficiency").GetDouble(), 0.01);
        if (OperatingSystem.IsLinux())
        {
            // Whatever else the machine ran meanwhile, the rate is also read against the cores that work left.
            var others = report.GetProperty("othersCpuShare").GetDouble();
            Assert.InRange(others, 0, 1);
            if (others < 0.99)
            {
                // Both ratios are rounded to three places; dividing by 1 − share magnifies that.
                Assert.Equal(report.GetProperty("ofCpuBound").GetDouble() / (1 - others), report.GetProperty("ofAvailableCpu").GetDouble(), 0.01 / ((1 - others) * (1 - others)));
            }
        }

        // Under the calibration minimum each photo's scores are standardised over the 1,570 labels, whose best stand
        // far above two deviations: every photo gets at least one zero-shot tag and at most five.
        // (The benchmark itself fails when either stage leaves a photo untagged, so a report means both covered all 16.)
        Assert.InRange(report.GetProperty("zeroShotTags").GetInt64(), 16, 16 * 5);
    }

    public void Dispose() => temp.Dispose();
}
