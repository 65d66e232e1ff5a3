using System.Diagnostics;
using System.Numerics.Tensors;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// Builds a <see cref="USearchVectorIndex"/> over synthetic clustered vectors (Gaussian clusters around random
/// centers, closer to real embeddings than uniform noise), then measures build speed, HNSW query throughput,
/// recall@10 against exact search, exact-search throughput, memory and file size.
/// </summary>
public static class IndexBenchmark
{
    private const int K = 10;

    /// <summary>Intrinsic dimension of the synthetic data (CLIP-like embeddings measure in the tens).</summary>
    public const int LatentDimension = 64;

    public static IndexBenchmarkResult Run(
        int count,
        int dimension,
        USearchQuantization quantization,
        int threads,
        IProgress<IndexBenchmarkProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(count, dimension, quantization, threads, 1000, progress, cancellationToken);

    public static IndexBenchmarkResult Run(
        int count,
        int dimension,
        USearchQuantization quantization,
        int threads,
        int queries,
        IProgress<IndexBenchmarkProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Run(count, dimension, new USearchOptions { Quantization = quantization, Threads = threads }, queries, progress, cancellationToken);

    /// <summary>
    /// Runs with explicit index settings (quantization, threads, connectivity, expansions); the exact-search
    /// threshold is ignored so that every query walks the graph.
    /// </summary>
    public static IndexBenchmarkResult Run(
        int count,
        int dimension,
        USearchOptions settings,
        int queries,
        IProgress<IndexBenchmarkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, K);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(queries, 1);
        var threads = settings.EffectiveThreads;
        var quantization = settings.Quantization;

        var (vectors, queryVectors, latent) = Synthetic(count, dimension, queries, threads, progress, cancellationToken);
        return RunOn(vectors, queryVectors, null, settings, latent, progress, cancellationToken);
    }

    /// <summary>
    /// The synthetic data set <see cref="Run(int, int, USearchOptions, int, IProgress{IndexBenchmarkProgress}?, CancellationToken)"/>
    /// measures on: base vectors, query vectors (drawn from the same clusters) and the latent dimension.
    /// </summary>
    public static (float[][] Vectors, float[][] Queries, int LatentDimension) Synthetic(
        int count, int dimension, int queries, int threads = 0, IProgress<IndexBenchmarkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancellationToken };
        progress?.Report(new IndexBenchmarkProgress("generate", 0, count));
        var generator = new ClusteredVectors(dimension, Math.Max(16, (int)Math.Sqrt(count)), Math.Min(dimension, LatentDimension), seed: 20240611);
        var vectors = new float[count][];
        Parallel.For(0, count, parallel, i => vectors[i] = generator.Sample(i));
        var queryVectors = Enumerable.Range(0, queries).Select(q => generator.Sample(-1 - q)).ToArray();
        return (vectors, queryVectors, generator.LatentDimension);
    }

    /// <summary>The exact top 10 of each query by cosine similarity, best first, as the ground truth of a data set.</summary>
    public static long[][] ExactNeighbours(float[][] vectors, float[][] queries, int threads = 0, IProgress<IndexBenchmarkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(queries);
        var truth = new long[queries.Length][];
        ExactSearch(vectors, queries, truth, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancellationToken }, progress);
        return truth;
    }

    /// <summary>
    /// Measures on given data (read from TEXMEX files, for instance): <paramref name="truth"/> holds each query's
    /// true nearest ids (at least 10); without it the truth is computed exactly and exact search is timed too.
    /// </summary>
    public static IndexBenchmarkResult RunOn(
        float[][] vectors,
        float[][] queryVectors,
        long[][]? truth,
        USearchOptions settings,
        int latentDimension = 0,
        IProgress<IndexBenchmarkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(queryVectors);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(vectors.Length, K);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryVectors.Length, 1);
        if (truth is not null && (truth.Length != queryVectors.Length || truth.Any(t => t.Length < K)))
        {
            throw new ArgumentException($"The truth needs at least {K} neighbours for each of the {queryVectors.Length} queries.", nameof(truth));
        }

        var count = vectors.Length;
        var dimension = vectors[0].Length;
        if (vectors.Any(v => v.Length != dimension) || queryVectors.Any(q => q.Length != dimension))
        {
            throw new ArgumentException($"Every base and query vector must have the base's dimension, {dimension}.", nameof(queryVectors));
        }

        var queries = queryVectors.Length;
        var threads = settings.EffectiveThreads;
        var quantization = settings.Quantization;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };

        var folder = Path.Combine(Path.GetTempPath(), "vlsearch-bench-" + Guid.NewGuid().ToString("N"));
        var options = new USearchOptions
        {
            Quantization = quantization,
            Threads = threads,
            Connectivity = settings.Connectivity,
            ExpansionAdd = settings.ExpansionAdd,
            ExpansionSearch = settings.ExpansionSearch,
            RescoreQuantized = settings.RescoreQuantized,
            RescoreOversampling = settings.RescoreOversampling,
            ExactSearchBelow = 0,
        };
        var spec = new CollectionSpec("bench", dimension);
        var index = new USearchVectorIndex(folder, options);
        try
        {
            index.EnsureCollectionAsync(spec, cancellationToken).GetAwaiter().GetResult();
            var collection = index.Collection(spec.Name)!;

            var build = Stopwatch.StartNew();
            const int batch = 10_000;
            for (var start = 0; start < count; start += batch)
            {
                var end = Math.Min(count, start + batch);
                var records = new VectorRecord[end - start];
                for (var i = start; i < end; i++)
                {
                    records[i - start] = new VectorRecord(i, vectors[i], new PhotoPayload { Path = $"/bench/{i}.jpg" });
                }

                collection.Upsert(records, cancellationToken);
                progress?.Report(new IndexBenchmarkProgress("build", end, count));
            }

            build.Stop();

            double? exactQps = null;
            if (truth is null)
            {
                truth = new long[queries][];
                var exact = Stopwatch.StartNew();
                ExactSearch(vectors, queryVectors, truth, parallel, progress);
                exactQps = queries / exact.Elapsed.TotalSeconds;
            }

            var found = new long[queries][];
            var single = Measure(collection, queryVectors, found, 1, cancellationToken);
            progress?.Report(new IndexBenchmarkProgress("search-1", queries, queries));
            var dual = Measure(collection, queryVectors, found, 2, cancellationToken);
            progress?.Report(new IndexBenchmarkProgress("search-2", queries, queries));

            var recall = 0.0;
            for (var q = 0; q < queries; q++)
            {
                recall += found[q].Intersect(truth[q].Take(K)).Count() / (double)K;
            }

            var indexMemory = collection.NativeMemoryUsage;
            using var process = Process.GetCurrentProcess();
            var workingSet = process.WorkingSet64;
            var heap = GC.GetTotalMemory(forceFullCollection: false);

            var save = Stopwatch.StartNew();
            collection.Flush(cancellationToken);
            save.Stop();
            progress?.Report(new IndexBenchmarkProgress("save", 1, 1));
            var fileBytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

            return new IndexBenchmarkResult
            {
                Count = count,
                Dimension = dimension,
                Quantization = quantization,
                BuildThreads = threads,
                Queries = queries,
                LatentDimension = latentDimension,
                Connectivity = options.Connectivity,
                ExpansionAdd = options.ExpansionAdd,
                ExpansionSearch = options.ExpansionSearch,
                Rescored = collection.Rescores,
                BuildSeconds = build.Elapsed.TotalSeconds,
                VectorsPerSecond = count / build.Elapsed.TotalSeconds,
                QueriesPerSecond1Thread = queries / single.TotalSeconds,
                QueriesPerSecond2Threads = queries / dual.TotalSeconds,
                RecallAt10 = recall / queries,
                ExactQueriesPerSecond = exactQps ?? 0,
                IndexMemoryBytes = indexMemory,
                WorkingSetBytes = workingSet,
                ManagedHeapBytes = heap,
                DatasetBytes = (long)count * dimension * sizeof(float),
                FileBytes = fileBytes,
                SaveSeconds = save.Elapsed.TotalSeconds,
            };
        }
        finally
        {
            index.DropCollectionAsync(spec.Name, CancellationToken.None).GetAwaiter().GetResult();
            index.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static TimeSpan Measure(USearchCollection collection, float[][] queries, long[][] found, int threads, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, q =>
        {
            var hits = collection.Search(new VectorSearchRequest(queries[q], K), cancellationToken);
            found[q] = hits.Select(h => h.Id).ToArray();
        });
        return watch.Elapsed;
    }

    /// <summary>Brute force over the float vectors: the recall reference and the exact-search throughput.</summary>
    private static void ExactSearch(float[][] vectors, float[][] queries, long[][] truth, ParallelOptions parallel, IProgress<IndexBenchmarkProgress>? progress)
    {
        var norms = new float[vectors.Length];
        Parallel.For(0, vectors.Length, parallel, i => norms[i] = TensorPrimitives.Norm(vectors[i]));
        var done = 0;
        Parallel.For(0, queries.Length, parallel, q =>
        {
            var query = queries[q];
            var heap = new PriorityQueue<long, float>(K + 1);
            for (var i = 0; i < vectors.Length; i++)
            {
                var score = TensorPrimitives.Dot(vectors[i], query) / norms[i];
                if (heap.Count < K)
                {
                    heap.Enqueue(i, score);
                }
                else if (heap.TryPeek(out _, out var worst) && score > worst)
                {
                    heap.DequeueEnqueue(i, score);
                }
            }

            truth[q] = heap.UnorderedItems.OrderByDescending(x => x.Priority).Select(x => x.Element).ToArray();
            var finished = Interlocked.Increment(ref done);
            if (finished % 50 == 0)
            {
                progress?.Report(new IndexBenchmarkProgress("exact", finished, queries.Length));
            }
        });
    }
}
