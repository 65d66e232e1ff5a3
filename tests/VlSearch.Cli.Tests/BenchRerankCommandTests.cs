using VlSearch.Onnx.Matching;

namespace VlSearch.Cli.Tests;

public sealed class BenchRerankCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Bench_rerank_prints_the_cost_of_features_pairs_and_queries_as_json()
    {
        var model = temp.Sub("tiny-itm");
        BlipItmModelWriter.Write(model, BlipItmSizes.Tiny, seed: 2, id: "tiny-itm");

        var run = await new CliRunner(temp.Sub("data")).RunAsync("bench", "rerank", "--model", model, "--top", "12", "--runs", "2", "--images", "3");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("tiny-itm", run.Json.GetProperty("model").GetString());
        Assert.Equal("cpu", run.Json.GetProperty("device").GetString());
        Assert.Equal(BlipItmSizes.Tiny.FeatureTokens, run.Json.GetProperty("featureTokens").GetInt32());
        Assert.Equal(12, run.Json.GetProperty("top").GetInt32());
        foreach (var name in new[] { "featureMsPerImage", "msPerPair", "msPerSinglePair", "msPerQuery" })
        {
            var p50 = run.Json.GetProperty(name).GetProperty("p50").GetDouble();
            Assert.True(p50 > 0 && p50 <= run.Json.GetProperty(name).GetProperty("p95").GetDouble(), $"{name}: {run.Stdout}");
        }
    }

    [Fact]
    public async Task Bench_rerank_refuses_a_folder_that_is_not_a_matcher_and_a_missing_model()
    {
        var cli = new CliRunner(temp.Sub("data"));

        var notMatcher = await cli.RunAsync("bench", "rerank", "--model", temp.Sub("empty"));
        var neither = await cli.RunAsync("bench", "rerank");

        Assert.Equal(2, notMatcher.ExitCode);
        Assert.Contains("not an image-text matching model", notMatcher.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--blip-base", neither.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_rerank_on_cuda_without_cuda_is_an_error_not_a_cpu_run()
    {
        var model = temp.Sub("tiny-itm");
        BlipItmModelWriter.Write(model, BlipItmSizes.Tiny);

        var run = await new CliRunner(temp.Sub("data")).RunAsync("bench", "rerank", "--model", model, "--device", "cuda", "--top", "2", "--runs", "1", "--images", "1");

        // A GPU build on a machine with a working driver really runs on CUDA; anything else must refuse.
        if (run.ExitCode == 0)
        {
            Assert.Equal("cuda", run.Json.GetProperty("device").GetString());
        }
        else
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("CUDA is not available", run.Stderr, StringComparison.Ordinal);
        }
    }

    public void Dispose() => temp.Dispose();
}
