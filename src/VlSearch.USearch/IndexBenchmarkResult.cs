namespace VlSearch.USearch;

/// <summary>Measurements of one <see cref="IndexBenchmark"/> run.</summary>
public sealed record IndexBenchmarkResult
{
    public int Count { get; init; }

    public int Dimension { get; init; }

    public USearchQuantization Quantization { get; init; }

    public int BuildThreads { get; init; }

    public int Queries { get; init; }

    /// <summary>Intrinsic dimension of the synthetic clusters before their projection to <see cref="Dimension"/>.</summary>
    public int LatentDimension { get; init; }

    public int Connectivity { get; init; }

    public int ExpansionAdd { get; init; }

    public int ExpansionSearch { get; init; }

    /// <summary>Whether 8-bit graph results were re-ranked with half-precision copies.</summary>
    public bool Rescored { get; init; }

    public double BuildSeconds { get; init; }

    public double VectorsPerSecond { get; init; }

    /// <summary>HNSW queries (k = 10) per second with one searching thread.</summary>
    public double QueriesPerSecond1Thread { get; init; }

    /// <summary>HNSW queries (k = 10) per second with two searching threads.</summary>
    public double QueriesPerSecond2Threads { get; init; }

    /// <summary>Share of the true 10 nearest neighbours the HNSW search returned, averaged over the queries.</summary>
    public double RecallAt10 { get; init; }

    /// <summary>Brute-force queries per second over the float vectors, on the build threads; 0 when the truth was given.</summary>
    public double ExactQueriesPerSecond { get; init; }

    /// <summary>Memory the native index reports for itself.</summary>
    public long IndexMemoryBytes { get; init; }

    /// <summary>Process working set at the end of the search phase (includes the generated data set).</summary>
    public long WorkingSetBytes { get; init; }

    /// <summary>Managed heap, dominated by the generated float vectors and the payloads.</summary>
    public long ManagedHeapBytes { get; init; }

    /// <summary>Size of the generated float vectors (not part of the index).</summary>
    public long DatasetBytes { get; init; }

    /// <summary>Saved index plus payload sidecar.</summary>
    public long FileBytes { get; init; }

    public double SaveSeconds { get; init; }
}
