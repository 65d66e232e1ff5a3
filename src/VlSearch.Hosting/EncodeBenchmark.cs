using System.Buffers;
using System.Diagnostics;
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
    public sealed record Stage(int Batch, double ImagesPerSecond, double CpuSecondsPerImage, double? Efficiency = null);

    /// <summary>Where the time goes, per stage.</summary>
    /// <param name="Model">Model id.</param>
    /// <param name="Images">Images per stage.</param>
    /// <param name="Cores">Cores of this machine.</param>
    /// <param name="DecodePreprocess">One thread: the cost of a decode on an otherwise idle machine.</param>
    /// <param name="DecodePreprocessParallel">One thread per core, as the pipeline decodes: shared caches and memory
    /// bandwidth make each decode cost more CPU than alone; the efficiency allowance uses this figure.</param>
    /// <param name="Inference">Encoder alone, per batch size.</param>
    /// <param name="EndToEnd">The indexing pipeline, per batch size, with its efficiency.</param>
    public sealed record Report(string Model, int Images, int Cores, Stage DecodePreprocess, Stage DecodePreprocessParallel, IReadOnlyList<Stage> Inference, IReadOnlyList<Stage> EndToEnd);

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

        // Warm-up run of the pipeline code on a few files.
        await MeasurePipelineAsync(model, [.. files.Take(Math.Min(4, files.Count))], decoder, preprocessor, batchSizes[0], cancellationToken);
        var endToEnd = new List<Stage>();
        foreach (var (batch, infer) in batchSizes.Zip(inference))
        {
            progress?.Report($"end to end, batch {batch}");
            var stage = await MeasurePipelineAsync(model, files, decoder, preprocessor, batch, cancellationToken);
            var allowed = cores / (decodeParallel.CpuSecondsPerImage + infer.CpuSecondsPerImage);
            endToEnd.Add(stage with { Efficiency = Math.Round(stage.ImagesPerSecond / allowed, 3) });
        }

        return new Report(model.Id, files.Count, cores, decode, decodeParallel, inference, endToEnd);
    }

    /// <summary>Runs the real indexing pipeline on copies of the files, in a throwaway catalog and index.</summary>
    private static async Task<Stage> MeasurePipelineAsync(IEmbeddingModel model, IReadOnlyList<string> files, IPhotoDecoder decoder, IImagePreprocessor preprocessor, int batch, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "vlsearch-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var library = Path.Combine(root, "photos");
        Directory.CreateDirectory(library);
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                File.Copy(files[i], Path.Combine(library, $"{i:00000}{Path.GetExtension(files[i])}"));
            }

            var catalog = CatalogFactory.Create(new CatalogOptions(), root, SqliteCatalogProvider.Instance);
            await CatalogDatabase.MigrateAsync(catalog, cancellationToken);
            await using var index = new USearchVectorIndex(Path.Combine(root, "index"));
            var indexer = new PhotoIndexer(catalog, index, decoder, preprocessor, new IndexingOptions { BatchSize = batch });
            IndexRunResult? result = null;
            var stage = await MeasureAsync(async () => result = await indexer.IndexAsync(new LibraryRequest(library), model, cancellationToken: cancellationToken), files.Count);
            if (result!.Embedded != files.Count)
            {
                throw new InvalidOperationException($"The pipeline embedded {result.Embedded} of {files.Count} images; {result.Failed} failed.");
            }

            return stage with { Batch = batch };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static Stage Measure(Action work, int images) => MeasureAsync(() => { work(); return Task.CompletedTask; }, images).GetAwaiter().GetResult();

    private static async Task<Stage> MeasureAsync(Func<Task> work, int images)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await work();
        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return new Stage(1, Math.Round(images / clock.Elapsed.TotalSeconds, 2), Math.Round(cpu / images, 5));
    }
}
