using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// The indexing loop: scan → hash what changed → decode and preprocess in parallel → batch → encode → write the
/// catalog, then the vector index. Bounded channels keep memory flat on large libraries. The catalog is written
/// before the index, and the synchronizer completes the index on the next run, so a kill at any moment leaves a
/// state the next run finishes without duplicates.
/// </summary>
/// <param name="catalog">The catalog, source of truth for photos and vectors.</param>
/// <param name="index">The vector index that searches read.</param>
/// <param name="decoder">Reads photo files.</param>
/// <param name="preprocessor">Turns decoded pixels into encoder input.</param>
/// <param name="options">How the pipeline uses the machine.</param>
/// <param name="loggerFactory">Where encodes are logged at Debug level (<see cref="IndexingDiagnostics.EncodeLogCategory"/>); none without it.</param>
/// <param name="meterFactory">Creates the <see cref="IndexingDiagnostics.MeterName"/> meter; a process-wide meter without it.</param>
/// <param name="roots">Which folders may be library roots; any existing folder without it.</param>
public sealed class PhotoIndexer(
    IDbContextFactory<CatalogDbContext> catalog,
    IVectorIndex index,
    IPhotoDecoder decoder,
    IImagePreprocessor preprocessor,
    IndexingOptions options,
    ILoggerFactory? loggerFactory = null,
    IMeterFactory? meterFactory = null,
    LibraryRootPolicy? roots = null)
{
    private readonly IndexSynchronizer synchronizer = new(catalog, index);
    private readonly LibraryRegistry libraries = new(catalog);
    // Reporters made from the same factory publish the same instruments: the meter hands back one instrument per name.
    private readonly FileErrorRecorder errors = new(catalog, new EncodeReporter(loggerFactory, meterFactory));
    private readonly EmbeddingPipeline pipeline = new(decoder, preprocessor, options, new EncodeReporter(loggerFactory, meterFactory));

    private readonly ScanPlanner planner = new(catalog, decoder, options, new FileErrorRecorder(catalog, new EncodeReporter(loggerFactory, meterFactory)));
    private readonly ChangeReconciler reconciler = new(catalog, index, decoder, new FileErrorRecorder(catalog, new EncodeReporter(loggerFactory, meterFactory)));
    private readonly KeywordIndexer keywords = new(catalog);

    /// <summary>Indexes one library folder with one model.</summary>
    public async Task<IndexRunResult> IndexAsync(LibraryRequest request, IEmbeddingModel model, IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var activity = IndexingDiagnostics.Source.StartActivity("index library");
        activity?.SetTag(IndexingDiagnostics.ModelTag, model.Id);
        var root = LibraryRegistry.RequireFolder(request, roots);
        await synchronizer.EnsureConsistentAsync(model.Id, model.Dimension, progress, cancellationToken);
        var (run, plan) = await ScanAndSettleAsync(root, request, model, progress, cancellationToken);
        await EmbedAsync(run, plan.ToEmbed, progress, cancellationToken);

        progress?.Report(new IndexProgress(IndexPhase.Done, run.Embedded, plan.ToEmbed.Count, run.Failed));
        return new IndexRunResult
        {
            Library = run.Library.Name,
            Model = model.Id,
            Scanned = plan.Scanned,
            Unchanged = plan.Unchanged,
            Embedded = run.Embedded,
            Reused = run.Reused,
            Removed = plan.Vanished.Count,
            Failed = run.Failed,
            SkippedKnownBad = plan.SkippedKnownBad,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Plans a library for background jobs: scans it, settles moves, copies and vanished files (which touches the
    /// vector index, so this runs where the index is owned) and returns the files that still need embedding, which
    /// <see cref="EmbedFilesAsync"/> embeds in batches, possibly in other processes.
    /// </summary>
    public async Task<LibraryPlan> PlanLibraryAsync(LibraryRequest request, IEmbeddingModel model, IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var activity = IndexingDiagnostics.Source.StartActivity("plan library");
        activity?.SetTag(IndexingDiagnostics.ModelTag, model.Id);
        var root = LibraryRegistry.RequireFolder(request, roots);
        await index.EnsureCollectionAsync(new CollectionSpec(model.Id, model.Dimension), cancellationToken);
        var (run, plan) = await ScanAndSettleAsync(root, request, model, progress, cancellationToken);
        return new LibraryPlan
        {
            LibraryId = run.Library.Id,
            Library = run.Library.Name,
            Model = model.Id,
            Scanned = plan.Scanned,
            Unchanged = plan.Unchanged,
            Reused = run.Reused,
            Removed = plan.Vanished.Count,
            Failed = run.Failed,
            SkippedKnownBad = plan.SkippedKnownBad,
            ToEmbed = [.. plan.ToEmbed.Select(f => f.File.Path)],
        };
    }

    /// <summary>
    /// Embeds the given files of a library with a model. Idempotent: a file already embedded by the model with its
    /// current content is skipped, so a retried or duplicated batch never embeds twice. With
    /// <see cref="EmbedFilesRequest.WriteIndex"/> off, vectors go to the catalog only and stay pending
    /// (<c>IndexedAt</c> null) until the process that owns the index pushes them (<see cref="IndexSynchronizer.SyncPendingAsync"/>).
    /// </summary>
    public async Task<EmbedFilesResult> EmbedFilesAsync(EmbedFilesRequest request, IEmbeddingModel model, IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var activity = IndexingDiagnostics.Source.StartActivity("embed files");
        activity?.SetTag(IndexingDiagnostics.ModelTag, model.Id);
        activity?.SetTag("files", request.Paths.Count);
        var paths = request.Paths.Distinct(StringComparer.Ordinal).ToList();
        var (library, known) = await planner.LoadBatchAsync(request.LibraryId, paths, model.Id, cancellationToken);

        var spec = new CollectionSpec(model.Id, model.Dimension);
        var run = new RunState(library, model, spec) { WriteIndex = request.WriteIndex };
        if (request.WriteIndex)
        {
            await index.EnsureCollectionAsync(spec, cancellationToken);
        }

        var (work, skipped, missing) = await planner.SelectBatchWorkAsync(run, paths, known, cancellationToken);
        await EmbedAsync(run, work, progress, cancellationToken);
        return new EmbedFilesResult { Embedded = run.Embedded, Skipped = skipped, Missing = missing, Failed = run.Failed };
    }

    /// <summary>Removes from the catalog (and the index) the photos of a library whose files no longer exist.</summary>
    /// <returns>The number of photos removed.</returns>
    public Task<int> RemoveVanishedAsync(int libraryId, CancellationToken cancellationToken = default) =>
        reconciler.RemoveVanishedAsync(libraryId, cancellationToken);

    /// <summary>Scans the library and settles everything that needs no encoder: moves, copies, vanished files.</summary>
    private async Task<(RunState Run, IndexPlan Plan)> ScanAndSettleAsync(string root, LibraryRequest request, IEmbeddingModel model, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var library = await libraries.EnsureAsync(root, request, cancellationToken);
        var run = new RunState(library, model, new CollectionSpec(model.Id, model.Dimension));
        var plan = await planner.PlanAsync(run, progress, cancellationToken);
        await reconciler.ApplyAsync(run, plan, cancellationToken);
        await keywords.FillMissingAsync(library.Id, cancellationToken);
        await keywords.RefreshSidecarsAsync(plan.SidecarChanged, cancellationToken);
        return (run, plan);
    }

    private async Task EmbedAsync(RunState run, List<PendingFile> work, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        if (work.Count == 0)
        {
            return;
        }

        var writer = new EmbeddingWriter(catalog, index, synchronizer, errors, options, run, progress, work.Count);
        await pipeline.RunAsync(run.Model, work, writer, cancellationToken);
    }
}
