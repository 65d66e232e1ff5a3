namespace VlSearch.USearch;

/// <summary>Progress of <see cref="IndexBenchmark.Run(int, int, USearchQuantization, int, int, IProgress{IndexBenchmarkProgress}?, CancellationToken)"/>.</summary>
/// <param name="Stage">generate, build, exact, search-1, search-2, save.</param>
/// <param name="Done">Items finished in this stage.</param>
/// <param name="Total">Items in this stage.</param>
public sealed record IndexBenchmarkProgress(string Stage, long Done, long Total);
