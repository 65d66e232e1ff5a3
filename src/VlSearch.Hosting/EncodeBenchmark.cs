using System.Buffers;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Indexing;
using VlSearch.Sqlite;
using VlSearch.USearch;

namespace VlSearch.Hosting;

/// <summary>
/// Measures where indexing time goes: decode+preprocess alone (one core), inference alone, and the real indexing
/// pipeline end to end (scan, hash, decode, encode, catalog, index) at several batch sizes. Efficiency compares the
/// end-to-end rate with what the separately measured CPU cost allows on this machine's cores.
/// </summary>
public static class EncodeBenchmark
{
    /// <summary>One measured stage.</summary>
    /// <param name="Batch">Images per encoder call.</param>
    /// <param name="ImagesPerSecond">Wall-clock rate.</param>
    /// <param name="CpuSecondsPerImage">Process CPU time (all threads) per image.</param>
    /// <param name="Efficiency">End to end only: the rate over what the separately measured CPU costs allow.</param>
    /// <param name="JitMilliseconds">End to end only: time the runtime spent compiling code during the stage.</param>
    public sealed record Stage(int Batch, double ImagesPerSecond, double CpuSecondsPerImage, double? Efficiency = null, double? JitMilliseconds = null);

    /// <summary>Where the time goes, per stage.</summary>
    /// <param name="Model">Model id.</param>
    /// <param name="Images">Images per stage.</param>
    /// <param name="Cores">Cores of this machine.</param>
    /// <param name="DecodePreprocess">One thread: the cost of a decode on an otherwise idle machine.</param>
    /// <param name="DecodePreprocessParallel">One thread per core, as the pipeline decodes: shared caches and memory
    /// bandwidth make each decode cost more CPU than alone; the efficiency allowance uses this figure.</param>
    /// <param name="Inference">Encoder alone, per batch size.</param>
    /// <param name="PipelineImages">Files each pipeline pass indexes: the images, repeated under other names up to
    /// <see cref="MinimumPipelineImages"/> so that a pass is long enough for a rate.</param>
    /// <param name="FirstPass">The pipeline's first pass in this process, at the first batch size: what a short run pays
    /// while the runtime still compiles the catalog and index code.</param>
    /// <param name="WarmUpPasses">Pipeline passes run before the measured ones, until compilation settled.</param>
    /// <param name="EndToEnd">The indexing pipeline in steady state, per batch size, with its efficiency.</param>
    public sealed record Report(string Model, int Images, int Cores, Stage DecodePreprocess, Stage DecodePreprocessParallel, IReadOnlyList<Stage> Inference, int PipelineImages, Stage FirstPass, int WarmUpPasses, IReadOnlyList<Stage> EndToEnd);

    /// <summary>
    /// Files a pipeline pass indexes at least. A run also pays fixed costs (opening the catalog, planning, the final
    /// save of the index, the last batch finishing alone) that a few dozen small photos would count as throughput.
    /// </summary>
    public const int MinimumPipelineImages = 240;

    public static async Task<Report> RunAsync(
        IEmbeddingModel model,
        IReadOnlyList<string> files,
        IPhotoDecoder decoder,
        IImagePreprocessor preprocessor,
        IReadOnlyList<int> batchSizes,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (files.Count == 0)
        {
            throw new ArgumentException("No images to benchmark.");
        }

        var spec = model.Image.Preprocess;
        var cores = Environment.ProcessorCount;

        // Decode + preprocess, single-threaded, so its CPU cost per image is clean. A first untimed pass warms the
        // JIT and the file cache, which every later stage also enjoys.
        progress?.Report("decode + preprocess");
        var tensors = new List<float[]>(files.Count);
        void DecodeAll()
        {
            tensors.Clear();
            foreach (var file in files)
            {
                var photo = decoder.Decode(file, spec.MinimumDecodeEdge, cancellationToken);
                var tensor = new float[spec.TensorLength];
                preprocessor.Preprocess(photo.Image, spec, tensor);
                tensors.Add(tensor);
            }
        }

        DecodeAll();
        var decode = Measure(DecodeAll, files.Count);
        progress?.Report("decode + preprocess, one thread per core");
        var decodeParallel = Measure(() => Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = cancellationToken }, file =>
        {
            var photo = decoder.Decode(file, spec.MinimumDecodeEdge, cancellationToken);
            var tensor = ArrayPool<float>.Shared.Rent(spec.TensorLength);
            preprocessor.Preprocess(photo.Image, spec, tensor.AsSpan(0, spec.TensorLength));
            ArrayPool<float>.Shared.Return(tensor);
        }), files.Count);

        var inference = new List<Stage>();
        foreach (var batch in batchSizes)
        {
            progress?.Report($"inference, batch {batch}");
            var pixels = ArrayPool<float>.Shared.Rent(batch * spec.TensorLength);
            var vectors = new float[batch * model.Dimension];
            try
            {
                var count = Math.Max(files.Count, batch * 2);
                model.Image.Encode(pixels.AsSpan(0, spec.TensorLength), 1, vectors.AsSpan(0, model.Dimension));
                inference.Add(Measure(() =>
                {
                    for (var done = 0; done < count; done += batch)
                    {
                        var n = Math.Min(batch, count - done);
                        for (var i = 0; i < n; i++)
                        {
                            tensors[(done + i) % tensors.Count].CopyTo(pixels.AsSpan(i * spec.TensorLength, spec.TensorLength));
                        }

                        model.Image.Encode(pixels.AsSpan(0, n * spec.TensorLength), n, vectors.AsSpan(0, n * model.Dimension));
                    }
                }, count) with { Batch = batch });
            }
            finally
            {
                ArrayPool<float>.Shared.Return(pixels);
            }
        }

        // One throwaway catalog and index serve every pipeline pass, as one indexing process keeps them; a pass starts
        // from an empty catalog, so every file is hashed, decoded, encoded and written again.
        await using var pipeline = await PipelineBench.CreateAsync(files, Math.Max(files.Count, MinimumPipelineImages), cancellationToken);

        // The pipeline runs catalog and index code the decode stage never touched. Until the runtime has finished
        // re-compiling its hot methods, background compilation competes with decoding for the same cores, which a
        // long indexing run amortizes but a benchmark of a few seconds would count against the pipeline. Warm up
        // until a whole pass spends under 2 % of its time compiling (or a few passes, on a very slow machine).
        Stage? firstPass = null;
        var warmUpPasses = 0;
        while (warmUpPasses < MaxWarmUpPasses)
        {
            progress?.Report($"end to end, warm-up pass {warmUpPasses + 1}");
            var warm = await pipeline.RunAsync(model, decoder, preprocessor, batchSizes[0], cancellationToken);
            firstPass ??= warm.Stage with { JitMilliseconds = Math.Round(warm.JitMilliseconds, 1) };
            warmUpPasses++;
            if (warm.JitMilliseconds < 0.02 * warm.ElapsedMilliseconds)
            {
                break;
            }
        }

        var endToEnd = new List<Stage>();
        foreach (var (batch, infer) in batchSizes.Zip(inference))
        {
            progress?.Report($"end to end, batch {batch}");
            var run = await pipeline.RunAsync(model, decoder, preprocessor, batch, cancellationToken);
            var allowed = cores / (decodeParallel.CpuSecondsPerImage + infer.CpuSecondsPerImage);
            endToEnd.Add(run.Stage with { Efficiency = Math.Round(run.Stage.ImagesPerSecond / allowed, 3), JitMilliseconds = Math.Round(run.JitMilliseconds, 1) });
        }

        return new Report(model.Id, files.Count, cores, decode, decodeParallel, inference, pipeline.Count, firstPass!, warmUpPasses, endToEnd);
    }

    private const int MaxWarmUpPasses = 8;

    /// <summary>The real indexing pipeline on copies of the files, in a throwaway catalog and index.</summary>
    private sealed class PipelineBench : IAsyncDisposable
    {
        private readonly string root;
        private readonly string library;
        private readonly int count;
        private readonly IDbContextFactory<CatalogDbContext> catalog;
        private readonly USearchVectorIndex index;

        private PipelineBench(string root, string library, int count, IDbContextFactory<CatalogDbContext> catalog, USearchVectorIndex index)
        {
            this.root = root;
            this.library = library;
            this.count = count;
            this.catalog = catalog;
            this.index = index;
        }

        public int Count => count;

        public static async Task<PipelineBench> CreateAsync(IReadOnlyList<string> files, int count, CancellationToken cancellationToken)
        {
            var root = Path.Combine(Path.GetTempPath(), "vlsearch-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var library = Path.Combine(root, "photos");
            Directory.CreateDirectory(library);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var source = files[i % files.Count];
                    File.Copy(source, Path.Combine(library, $"{i:00000}{Path.GetExtension(source)}"));
                }

                var catalog = CatalogFactory.Create(new CatalogOptions(), root, SqliteCatalogProvider.Instance);
                await CatalogDatabase.MigrateAsync(catalog, cancellationToken);
                return new PipelineBench(root, library, count, catalog, new USearchVectorIndex(Path.Combine(root, "index")));
            }
            catch
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(root, recursive: true);
                throw;
            }
        }

        public async Task<(Stage Stage, double JitMilliseconds, double ElapsedMilliseconds)> RunAsync(IEmbeddingModel model, IPhotoDecoder decoder, IImagePreprocessor preprocessor, int batch, CancellationToken cancellationToken)
        {
            await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
            {
                await db.Embeddings.ExecuteDeleteAsync(cancellationToken);
                await db.Photos.ExecuteDeleteAsync(cancellationToken);
                await db.FileErrors.ExecuteDeleteAsync(cancellationToken);
            }

            await index.DropCollectionAsync(CollectionNames.ForModel(model.Id), cancellationToken);
            var indexer = new PhotoIndexer(catalog, index, decoder, preprocessor, new IndexingOptions { BatchSize = batch });
            IndexRunResult? result = null;
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var stage = await MeasureAsync(async () => result = await indexer.IndexAsync(new LibraryRequest(library), model, cancellationToken: cancellationToken), count);
            var jit = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
            if (result!.Embedded != count)
            {
                throw new InvalidOperationException($"The pipeline embedded {result.Embedded} of {count} images; {result.Failed} failed.");
            }

            return (stage with { Batch = batch }, jit, 1000 * count / stage.ImagesPerSecond);
        }

        public async ValueTask DisposeAsync()
        {
            await index.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static Stage Measure(Action work, int images) => MeasureAsync(() => { work(); return Task.CompletedTask; }, images).GetAwaiter().GetResult();

    private static async Task<Stage> MeasureAsync(Func<Task> work, int images)
    {
        var (seconds, cpu) = await ProcessClock.TimeAsync(work);
        return new Stage(1, Math.Round(images / seconds, 2), Math.Round(cpu / images, 5));
    }
}
