using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Indexing;
using VlSearch.Indexing.Enrichment;
using VlSearch.Sqlite;
using VlSearch.USearch;

namespace VlSearch.Hosting;

/// <summary>
/// Enrichment throughput against what its CPU work allows, as <see cref="EncodeBenchmark"/> does for indexing: the
/// detector stage's decode and detection and the zero-shot stage's scoring are timed alone (process CPU seconds per
/// photo, before and after the runs), which gives the CPU-bound rate, cores ÷ (decode + detect + score); both stages
/// run for real over a throwaway catalog of indexed photos, the payload push to the vector index included, and their
/// rate is compared with it.
/// </summary>
public static class EnrichBenchmark
{
    /// <summary>One measured part.</summary>
    /// <param name="PhotosPerSecond">Wall-clock rate.</param>
    /// <param name="CpuSecondsPerPhoto">Process CPU time (all threads) per photo.</param>
    /// <param name="Seconds">Wall-clock time.</param>
    public sealed record Part(double PhotosPerSecond, double CpuSecondsPerPhoto, double Seconds);

    /// <summary>What the benchmark measured.</summary>
    /// <param name="Model">The embedding model whose vectors the zero-shot stage scores.</param>
    /// <param name="Detector">The detector's id.</param>
    /// <param name="Images">Distinct images.</param>
    /// <param name="Photos">Photos in the catalog (the images repeated under other names).</param>
    /// <param name="Cores">Cores of this machine.</param>
    /// <param name="Labels">Labels the zero-shot stage scores.</param>
    /// <param name="DecodeEdge">The shortest edge photos are decoded at for the detector.</param>
    /// <param name="Decode">Decoding at that edge, one thread per core. This part and the next two are the means of their
    /// timings before and after the runs (seconds: both together).</param>
    /// <param name="Detect">The detector stage alone on decoded photos, at the runner's batch size, its calls split
    /// across the cores as the stage splits them.</param>
    /// <param name="Score">The zero-shot scorer alone.</param>
    /// <param name="CpuBoundPhotosPerSecond">cores ÷ (decode + detect + score CPU seconds per photo).</param>
    /// <param name="Objects">The detector stage's run.</param>
    /// <param name="ZeroShot">The zero-shot stage's run.</param>
    /// <param name="Push">The payload push of the new labels to the vector index.</param>
    /// <param name="PhotosPerSecond">Photos over the three runs' wall-clock time.</param>
    /// <param name="OfCpuBound">That rate over the CPU-bound rate: the figure to read on an otherwise idle machine.</param>
    /// <param name="CpuEfficiency">Decode + detect + score CPU seconds over the three runs' CPU seconds, per photo: what
    /// the runs spend beyond the models' work, readable on a busy machine too, where other processes take cores away.</param>
    /// <param name="ObjectTags">Object and attribute tags written.</param>
    /// <param name="ZeroShotTags">Zero-shot tags written.</param>
    /// <param name="OthersCpuShare">
    /// The share of the machine's CPU time during the three runs that went to other processes and, on a virtual
    /// machine, to other guests (steal), from <see cref="MachineCpuSample"/>; null where the machine's counters cannot be
    /// read.
    /// </param>
    /// <param name="OfAvailableCpu">
    /// <see cref="PhotosPerSecond"/> over the CPU-bound rate of the cores that other work left: the CPU-bound rate ×
    /// (1 − <see cref="OthersCpuShare"/>). It equals <see cref="OfCpuBound"/> on an idle machine and stays readable on a
    /// shared one, where the runs cannot have cores another tenant holds; null with it.
    /// </param>
    public sealed record Report(
        string Model, string Detector, int Images, int Photos, int Cores, int Labels, int DecodeEdge,
        Part Decode, Part Detect, Part Score, double CpuBoundPhotosPerSecond,
        Part Objects, Part ZeroShot, Part Push, double PhotosPerSecond, double OfCpuBound, double CpuEfficiency, long ObjectTags, long ZeroShotTags,
        double? OthersCpuShare = null, double? OfAvailableCpu = null);

    /// <summary>Photos each part alone is timed over, at least (a tenth of the catalog, up to four times this).</summary>
    public const int MinimumTimedPhotos = 256;

    /// <summary>Runs the benchmark over <paramref name="photos"/> copies of <paramref name="files"/> in a throwaway data folder.</summary>
    /// <param name="model">The embedding model: indexes the photos (untimed) and scores the labels.</param>
    /// <param name="tagger">Loads the detector.</param>
    /// <param name="files">Distinct photo files.</param>
    /// <param name="photos">Photos in the catalog.</param>
    /// <param name="decoder">Decodes photos.</param>
    /// <param name="preprocessor">Prepares pixels for the model.</param>
    /// <param name="zeroShot">The zero-shot rule.</param>
    /// <param name="indexing">Batch size and decode parallelism of the runner.</param>
    /// <param name="progress">Names each step as it starts.</param>
    /// <param name="cancellationToken">Stops the benchmark.</param>
    public static async Task<Report> RunAsync(
        IEmbeddingModel model,
        Func<IObjectTagger> tagger,
        IReadOnlyList<string> files,
        int photos,
        IPhotoDecoder decoder,
        IImagePreprocessor preprocessor,
        ZeroShotOptions zeroShot,
        IndexingOptions indexing,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(indexing);
        if (files.Count == 0)
        {
            throw new ArgumentException("No images to benchmark.", nameof(files));
        }

        var root = Path.Combine(Path.GetTempPath(), "vlsearch-enrich-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var library = Path.Combine(root, "photos");
        Directory.CreateDirectory(library);
        try
        {
            progress?.Report($"copying {photos} photos");
            for (var i = 0; i < photos; i++)
            {
                var source = files[i % files.Count];
                LinkOrCopy(source, Path.Combine(library, $"{i:000000}{Path.GetExtension(source)}"));
            }

            var catalog = CatalogFactory.Create(new CatalogOptions(), root, SqliteCatalogProvider.Instance);
            await CatalogDatabase.MigrateAsync(catalog, cancellationToken);
            await using var index = new USearchVectorIndex(Path.Combine(root, "index"));
            progress?.Report($"indexing {photos} photos with {model.Id} (untimed)");
            var indexed = await new PhotoIndexer(catalog, index, decoder, preprocessor, indexing).IndexAsync(new LibraryRequest(library), model, cancellationToken: cancellationToken);
            if (indexed.Embedded != photos)
            {
                throw new InvalidOperationException($"Indexing embedded {indexed.Embedded} of {photos} photos; {indexed.Failed} failed.");
            }

            using var detector = tagger();
            var objects = new ObjectTagStage(() => detector, detector.Id, parallelism: InferenceOptions.ConcurrentImageCalls);
            var zero = new ZeroShotTagStage(catalog, () => model, () => TagVocabulary.Of(), zeroShot, Path.Combine(root, "tags"));
            var cores = Environment.ProcessorCount;
            await objects.PrepareAsync(cancellationToken);

            var sample = files.Take(Math.Min(files.Count, 64)).ToList();
            var decoded = new RgbImage[sample.Count];
            void DecodeAll() => Parallel.For(0, sample.Count, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = cancellationToken }, i =>
                decoded[i] = decoder.Decode(sample[i], objects.DecodeEdge, cancellationToken).Image);
            DecodeAll();
            objects.Run([new EnrichmentItem(0, sample[0], decoded[0], null)], cancellationToken);
            await zero.PrepareAsync(cancellationToken);
            var scorer = zero.Scorer!;
            var vectors = await StoredVectorsAsync(catalog, model.Id, 512, cancellationToken);

            // Every part is timed over a tenth of the catalog's photos (256 to 1,024), three times, so a busy machine's
            // bursts of load average out: timings of a second or so moved the bound by 15 % between 10,000-photo runs.
            var timed = Math.Clamp(photos / 10, MinimumTimedPhotos, 4 * MinimumTimedPhotos);
            var decodeRounds = Math.Max(1, (timed + sample.Count - 1) / sample.Count);
            var batch = Math.Max(1, indexing.BatchSize);
            var detectCount = Math.Max(decoded.Length, timed);
            var scoreCount = Math.Max(vectors.Count, 16 * MinimumTimedPhotos);
            (Part Decode, Part Detect, Part Score) TimeParts(string when)
            {
                progress?.Report($"decode at the detector's edge, one thread per core ({when})");
                var decode = Median(() => Measure(() =>
                {
                    for (var round = 0; round < decodeRounds; round++)
                    {
                        DecodeAll();
                    }
                }, decodeRounds * sample.Count));
                progress?.Report($"detector stage alone, on decoded photos ({when})");
                var detect = Median(() => Measure(() =>
                {
                    for (var done = 0; done < detectCount; done += batch)
                    {
                        var chunk = Enumerable.Range(done, Math.Min(batch, detectCount - done)).Select(i => new EnrichmentItem(i, sample[i % decoded.Length], decoded[i % decoded.Length], null)).ToList();
                        objects.Run(chunk, cancellationToken);
                    }
                }, detectCount));
                progress?.Report($"zero-shot scorer alone ({when})");
                var score = Measure(() =>
                {
                    for (var i = 0; i < scoreCount; i++)
                    {
                        _ = scorer.Tags(vectors[i % vectors.Count]);
                    }
                }, scoreCount);
                return (decode, detect, score);
            }

            // The parts are timed before the runs and again after them: the machine's load changes over a benchmark of
            // minutes, and the mean of both sides moves the bound with it, so a load change does not read as overhead.
            var before = TimeParts("before the runs");
            var runner = new EnrichmentRunner(catalog, decoder, indexing);
            // The process's CPU is read at the same moments as the machine's, so the share compares one window.
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            var machineBefore = MachineCpuSample.Read();
            var ownBefore = self.TotalProcessorTime;
            progress?.Report("object stage over the catalog");
            EnrichmentRunResult? objectRun = null;
            var objectPart = await MeasureAsync(async () => objectRun = await runner.RunAsync(objects, EnrichmentRefresh.All, cancellationToken: cancellationToken), photos);
            progress?.Report("zero-shot stage over the catalog");
            EnrichmentRunResult? zeroRun = null;
            var zeroPart = await MeasureAsync(async () => zeroRun = await runner.RunAsync(zero, EnrichmentRefresh.All, cancellationToken: cancellationToken), photos);
            progress?.Report("payload push");
            var push = await MeasureAsync(() => new IndexSynchronizer(catalog, index).SyncPendingAsync(cancellationToken), photos);
            var machineAfter = MachineCpuSample.Read();
            self.Refresh();
            var ownSeconds = (self.TotalProcessorTime - ownBefore).TotalSeconds;
            if (objectRun!.Enriched != photos || zeroRun!.Enriched != photos)
            {
                throw new InvalidOperationException($"The stages enriched {objectRun.Enriched} and {zeroRun!.Enriched} of {photos} photos.");
            }

            var after = TimeParts("after the runs");
            var decode = Mean(before.Decode, after.Decode);
            var detect = Mean(before.Detect, after.Detect);
            var score = Mean(before.Score, after.Score);
            var work = decode.CpuSecondsPerPhoto + detect.CpuSecondsPerPhoto + score.CpuSecondsPerPhoto;
            var bound = cores / work;
            var spent = objectPart.CpuSecondsPerPhoto + zeroPart.CpuSecondsPerPhoto + push.CpuSecondsPerPhoto;
            var rate = photos / (objectPart.Seconds + zeroPart.Seconds + push.Seconds);
            double? others = machineBefore is not null && machineAfter is not null
                ? Math.Round(MachineCpuSample.OthersShare(machineBefore, machineAfter, ownSeconds), 3)
                : null;
            double? ofAvailable = others is { } share && share < 1 ? Math.Round(rate / (bound * (1 - share)), 3) : null;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return new Report(
                model.Id, detector.Id, files.Count, photos, cores, scorer.Labels.Labels.Count, objects.DecodeEdge,
                decode, detect, score, Math.Round(bound, 1),
                objectPart, zeroPart, push, Math.Round(rate, 1), Math.Round(rate / bound, 3), Math.Round(work / spent, 3), objectRun.Tags, zeroRun.Tags,
                others, ofAvailable);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A hard link where the system makes one (10,000 photo-sized copies would write gigabytes), else a copy.</summary>
    private static void LinkOrCopy(string source, string target)
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && NativeLink.link(source, target) == 0)
        {
            return;
        }

        File.Copy(source, target);
    }

    private static async Task<List<float[]>> StoredVectorsAsync(IDbContextFactory<CatalogDbContext> catalog, string modelId, int count, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var rows = await db.Embeddings.AsNoTracking().Where(e => e.ModelId == modelId).OrderBy(e => e.PhotoId).Take(count).Select(e => e.Vector).ToListAsync(cancellationToken);
        return [.. rows.Select(r => EmbeddingCodec.Decode(r))];
    }

    /// <summary>Two timings of one part as one: mean rates and CPU per photo, total time.</summary>
    private static Part Mean(Part a, Part b) =>
        new(Math.Round((a.PhotosPerSecond + b.PhotosPerSecond) / 2, 1), Math.Round((a.CpuSecondsPerPhoto + b.CpuSecondsPerPhoto) / 2, 6), Math.Round(a.Seconds + b.Seconds, 3));

    /// <summary>The run of median CPU cost among three: one disturbed run on a shared machine moves the bound less.</summary>
    private static Part Median(Func<Part> measure) => new[] { measure(), measure(), measure() }.OrderBy(p => p.CpuSecondsPerPhoto).ElementAt(1);

    private static Part Measure(Action work, int photos) => MeasureAsync(() => { work(); return Task.CompletedTask; }, photos).GetAwaiter().GetResult();

    private static async Task<Part> MeasureAsync(Func<Task> work, int photos)
    {
        var (seconds, cpu) = await ProcessClock.TimeAsync(work);
        return new Part(Math.Round(photos / seconds, 1), Math.Round(cpu / photos, 6), Math.Round(seconds, 3));
    }

    private static class NativeLink
    {
#pragma warning disable SYSLIB1054, CA2101 // one plain POSIX call on two UTF-8 paths, made a few thousand times by a benchmark
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        internal static extern int link([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string oldpath, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string newpath);
#pragma warning restore SYSLIB1054, CA2101
    }
}
