using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>The benchmark's plumbing on a tiny data set; its speed numbers are reported by the CLI, not tested.</summary>
public sealed class IndexBenchmarkTests
{
    [Fact]
    public void A_small_benchmark_reports_consistent_measurements()
    {
        var stages = new List<string>();
        var result = IndexBenchmark.Run(3000, 48, USearchQuantization.F16, 2, 40, new SynchronousProgress(p => stages.Add(p.Stage)));

        Assert.Equal(3000, result.Count);
        Assert.Equal(48, result.Dimension);
        Assert.Equal(40, result.Queries);
        Assert.InRange(result.RecallAt10, 0.9, 1.0);
        Assert.True(result.BuildSeconds > 0 && result.VectorsPerSecond > 0);
        Assert.True(result.QueriesPerSecond1Thread > 0 && result.QueriesPerSecond2Threads > 0 && result.ExactQueriesPerSecond > 0);
        Assert.True(result.FileBytes > 3000 * 48 * 2, "the saved index holds every f16 vector");
        Assert.True(result.IndexMemoryBytes > 0 && result.WorkingSetBytes > 0);
        Assert.Equal(["generate", "build", "search-1", "search-2", "save"], stages.Distinct().Where(s => s != "exact"));
    }

    private sealed class SynchronousProgress(Action<IndexBenchmarkProgress> report) : IProgress<IndexBenchmarkProgress>
    {
        public void Report(IndexBenchmarkProgress value) => report(value);
    }
}
