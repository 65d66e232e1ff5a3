using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Jobs;
using VlSearch.Core.Matching;
using VlSearch.Indexing;
using VlSearch.Indexing.Enrichment;

namespace VlSearch.Jobs;

/// <summary>
/// The queued work of indexing jobs. <see cref="RunAsync"/> runs a catalog job where the index is owned: it plans
/// (scan, moves, removals) and fans the files to embed out as <see cref="EmbedBatchAsync"/> batches, which any worker
/// may run. Every step is idempotent; progress and state live in the catalog's job row. Where a reranker is installed
/// (an <see cref="IImageTextMatcher"/> among <paramref name="services"/>), a scan that finishes queues the extraction of
/// its image features.
/// </summary>
public sealed partial class IndexJobRunner(
    IDbContextFactory<CatalogDbContext> catalog,
    PhotoIndexer indexer,
    IndexSynchronizer synchronizer,
    IVectorIndex index,
    IModelCache models,
    IBackgroundJobQueue queue,
    IOptions<IndexerOptions> options,
    IOptions<ModelSelectionOptions> selection,
    IndexJobService jobs,
    ILogger<IndexJobRunner> logger,
    IServiceProvider? services = null) : IIndexJobHandler
{
    private static readonly TimeSpan PausedRecheck = TimeSpan.FromSeconds(2);
    private readonly BatchLedger ledger = new(catalog, options.Value.EffectiveName);

    /// <inheritdoc/>
    public async Task RunAsync(long jobId, CancellationToken cancellationToken)
    {
        var job = await LoadAsync(jobId, cancellationToken);
        if (job is null || job.State is not (IndexJobStates.Running or IndexJobStates.Paused))
        {
            return;
        }

        // Planning a large library takes a while: the job shows it is alive, and stops when cancelled.
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAsync(jobId, null, cancelled);
        cancellationToken = cancelled.Token;
        try
        {
            switch (job.Kind)
            {
                case IndexJobKinds.Scan or IndexJobKinds.ReindexMissing or IndexJobKinds.ReindexAll:
                    await PlanAndFanOutAsync(job, cancellationToken);
                    break;
                case IndexJobKinds.RemoveVanished:
                    var removed = await indexer.RemoveVanishedAsync(job.LibraryId ?? throw new InvalidOperationException("The job names no library."), cancellationToken);
                    await FinishAsync(jobId, removed, $"{removed} vanished photos removed", cancellationToken);
                    break;
                case IndexJobKinds.RebuildIndex:
                    var model = models.Get(job.ModelId ?? selection.Value.Active);
                    var progress = new OrderedJobProgress<IndexProgress>((t, d) => UpdateAsync(jobId, t, d), p => (p.Total, p.Done));
                    var written = await synchronizer.RebuildAsync(model.Id, model.Dimension, progress, cancellationToken);
                    await progress.FlushAsync();
                    await FinishAsync(jobId, written, $"{written} vectors written to the index", cancellationToken);
                    break;
                case IndexJobKinds.Keywords:
                    var documents = await new KeywordIndexer(catalog).RebuildAsync(job.LibraryId, cancellationToken);
                    await FinishAsync(jobId, documents, $"{documents} photos written to the keyword index", cancellationToken);
                    break;
                case IndexJobKinds.FeaturesMissing or IndexJobKinds.FeaturesAll:
                    await ExtractFeaturesAsync(jobId, job.Kind == IndexJobKinds.FeaturesAll ? FeatureRefresh.All : FeatureRefresh.Missing, cancellationToken);
                    break;
                case IndexJobKinds.CaptionsMissing or IndexJobKinds.CaptionsAll:
                    await CaptionAsync(jobId, job.Kind == IndexJobKinds.CaptionsAll, cancellationToken);
                    break;
                case var kind when IndexJobKinds.IsEnrichment(kind):
                    await EnrichAsync(jobId, kind, cancellationToken);
                    break;
                default:
                    await FailAsync(jobId, $"unknown job kind '{job.Kind}'");
                    break;
            }
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
            // Worker shutting down: the job system runs the job again, and planning is idempotent. Or the job was
            // cancelled, and its state already says so.
            if (await StateAsync(jobId, CancellationToken.None) is IndexJobStates.Running or IndexJobStates.Paused)
            {
                throw;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogJobFailed(logger, jobId, e);
            await FailAsync(jobId, e.Message);
        }
        finally
        {
            await cancelled.CancelAsync();
            await watch;
        }
    }

    /// <summary>
    /// Embeds one batch of files for a job. Files already embedded by the model with their current content are
    /// skipped, so a retried batch (after a worker died) never embeds twice.
    /// </summary>
    public async Task EmbedBatchAsync(EmbedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (jobId, libraryId, model, name, paths) = (batch.JobId, batch.LibraryId, batch.Model, batch.Name, batch.Paths);
        var state = await StateAsync(jobId, cancellationToken);
        if (state == IndexJobStates.Paused)
        {
            queue.EnqueueEmbedBatch(batch, PausedRecheck);
            return;
        }

        if (state != IndexJobStates.Running)
        {
            return;
        }

        var embedding = models.Get(model);
        if (!await ledger.StartAsync(batch, DateTime.UtcNow, cancellationToken))
        {
            // Counted already, or given up and planned again: the job's completion check is all that is left.
            await ledger.CountAsync(jobId, name, new EmbedFilesResult());
            return;
        }

        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchAsync(jobId, name, cancelled);
        EmbedFilesResult result;
        try
        {
            var request = new EmbedFilesRequest(libraryId, paths)
            {
                // A shared index takes writes from every worker; an embedded one only from its owner, which pushes
                // what other workers stored in the catalog.
                WriteIndex = index.Capabilities.HasFlag(VectorIndexCapabilities.SharedAcrossProcesses) || options.Value.OwnsIndex,
            };
            try
            {
                result = await indexer.EmbedFilesAsync(request, embedding, cancellationToken: cancelled.Token);
            }
            catch (DbUpdateException e)
            {
                // Another worker wrote one of these photos first (unique path or key): what it wrote is kept, the rest
                // is embedded again, and files now embedded are skipped.
                LogConflict(logger, jobId, e.InnerException?.Message ?? e.Message);
                result = await indexer.EmbedFilesAsync(request, embedding, cancellationToken: cancelled.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && cancelled.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            await cancelled.CancelAsync();
            await watch;
        }

        await ledger.CountAsync(jobId, name, result);
        if (await StateAsync(jobId, cancellationToken) == IndexJobStates.Succeeded)
        {
            await QueueFeaturesAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async Task ScheduledScanAsync(int libraryId, CancellationToken cancellationToken)
    {
        await jobs.TryStartAsync(IndexJobKinds.Scan, libraryId, await jobs.ModelForLibraryAsync(libraryId, cancellationToken), cancellationToken);
    }

    private async Task PlanAndFanOutAsync(IndexJob job, CancellationToken cancellationToken)
    {
        var libraryId = job.LibraryId ?? throw new InvalidOperationException("The job names no library.");
        var modelName = job.ModelId ?? selection.Value.Active;
        var model = models.Get(modelName);
        Library library;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            library = await db.Libraries.AsNoTracking().FirstOrDefaultAsync(l => l.Id == libraryId, cancellationToken)
                ?? throw new InvalidOperationException($"Library {libraryId} no longer exists.");
            if (job.Kind == IndexJobKinds.ReindexAll)
            {
                // Only this model's vectors of this library: other models and other libraries keep theirs.
                var ids = await db.Photos.Where(p => p.LibraryId == libraryId).Select(p => p.Id).ToListAsync(cancellationToken);
                foreach (var chunk in ids.Chunk(1000))
                {
                    await db.Embeddings.Where(e => e.ModelId == model.Id && chunk.Contains(e.PhotoId)).ExecuteDeleteAsync(cancellationToken);
                }

                await index.EnsureCollectionAsync(new CollectionSpec(model.Id, model.Dimension), cancellationToken);
                await index.DeleteAsync(CollectionNames.ForModel(model.Id), ids, cancellationToken);
                await index.FlushAsync(cancellationToken);
            }
        }

        var plan = await indexer.PlanLibraryAsync(new LibraryRequest(library.RootPath), model, cancellationToken: cancellationToken);
        var message = $"scanned {plan.Scanned}, unchanged {plan.Unchanged}, reused {plan.Reused}, removed {plan.Removed}, failed {plan.Failed}, to embed {plan.ToEmbed.Count}";
        // Files that failed while planning count in the total too, so that done + failed reaches it.
        var total = plan.ToEmbed.Count + plan.Failed;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var now = DateTime.UtcNow;
            await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Total, total).SetProperty(j => j.Done, 0L).SetProperty(j => j.Failed, plan.Failed)
                    .SetProperty(j => j.Message, message).SetProperty(j => j.HeartbeatAt, now),
                cancellationToken);
        }

        if (plan.ToEmbed.Count == 0)
        {
            await FinishAsync(job.Id, null, message, cancellationToken);
            await QueueFeaturesAsync(cancellationToken);
            return;
        }

        // Batches are named by job, planning run and position, so that a job planned again (its worker died) counts
        // its new batches afresh.
        var run = Guid.NewGuid().ToString("N")[..8];
        var batches = plan.ToEmbed.Chunk(options.Value.BatchFiles)
            .Select((chunk, number) => new EmbedBatch(job.Id, libraryId, modelName, $"{job.Id}:{run}:{number}", chunk))
            .ToList();

        // The ledger learns of every batch before any can run, so that it knows what the job still waits for.
        await ledger.PlanAsync(job.Id, batches, cancellationToken);
        foreach (var batch in batches)
        {
            queue.EnqueueEmbedBatch(batch);
        }
    }

    /// <summary>Runs the reranker's feature extraction as a job: progress in the job row, stopped when cancelled.</summary>
    private async Task ExtractFeaturesAsync(long jobId, FeatureRefresh mode, CancellationToken cancellationToken)
    {
        var (matcher, features, _) = FeatureServices();
        if (matcher is null || features is null)
        {
            await FailAsync(jobId, "no reranker is installed here: there are no image features to extract");
            return;
        }

        // A job counts failures apart from what is done, so that done + failed reaches the total.
        var progress = new OrderedJobProgress<FeatureProgress>((t, d) => UpdateAsync(jobId, t, d), p => (p.Total, p.Done - p.Failed));
        var result = await features.RunAsync(matcher, mode, progress, cancellationToken: cancellationToken);
        await progress.FlushAsync();
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var done = result.Extracted + result.Failed;
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Total, done).SetProperty(j => j.Done, result.Extracted).SetProperty(j => j.Failed, result.Failed),
                cancellationToken);
        }

        var changed = result.ModelChanged ? " (the model changed: stored features were replaced)" : "";
        await FinishAsync(jobId, null, $"{result.Extracted} photos' image features extracted with {matcher.Id}, {result.Failed} failed, {result.SkippedKnownBad} skipped as failed before{changed}", cancellationToken);
        await QueueEnrichmentAsync(cancellationToken);
    }

    /// <summary>Runs the caption stage as a job: progress and failures in the job row, stopped when cancelled or paused, resumable.</summary>
    private async Task CaptionAsync(long jobId, bool all, CancellationToken cancellationToken)
    {
        if (services?.GetService(typeof(CaptionStage)) is not CaptionStage { Chat: { } chat } stage)
        {
            await FailAsync(jobId, (services?.GetService(typeof(CaptionStage)) as CaptionStage)?.Unavailable ?? "captioning is not configured here (Answers:Captioning)");
            return;
        }

        var progress = new OrderedJobProgress<CaptionProgress>((t, d) => UpdateAsync(jobId, t, d), p => (p.Total, p.Done - p.Failed));
        var result = await stage.Captioner.RunAsync(chat, stage.Settings, all, progress, cancellationToken);
        await progress.FlushAsync();
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Total, result.Captioned + result.Failed).SetProperty(j => j.Done, result.Captioned).SetProperty(j => j.Failed, result.Failed),
                cancellationToken);
        }

        await FinishAsync(jobId, null, $"{result.Captioned} photos captioned with {stage.Settings.Model}, {result.Failed} failed, {result.SkippedKnownBad} skipped as failed before", cancellationToken);
    }

    /// <summary>
    /// Where a reranker is installed, queues the extraction of the features that photos miss (at most one such job at
    /// a time); else, or when none are missing, the enrichment stages' work.
    /// </summary>
    private async Task QueueFeaturesAsync(CancellationToken cancellationToken)
    {
        var (matcher, features, store) = FeatureServices();
        if (matcher is null || features is null || store is null
            || (await store.MissingAsync(matcher.Id, long.MinValue, 1, cancellationToken)).Count == 0)
        {
            await QueueEnrichmentAsync(cancellationToken);
            return;
        }

        await jobs.TryStartAsync(IndexJobKinds.FeaturesMissing, null, null, cancellationToken);
    }

    /// <summary>
    /// Runs an enrichment stage as a job: progress in the job row, held while paused, stopped when cancelled. A stage
    /// that cannot run here (no detector installed, a model that does not load) fails the job with the reason; the
    /// catalog and search are untouched. The next stage with work is queued when it ends, so stages run one at a time.
    /// </summary>
    private async Task EnrichAsync(long jobId, string kind, CancellationToken cancellationToken)
    {
        var all = kind.EndsWith("-all", StringComparison.Ordinal);
        var name = kind[..kind.LastIndexOf('-')];
        var (stages, enricher) = EnrichmentServices();
        var stage = stages.FirstOrDefault(s => s.Name == name);
        if (stage is null || enricher is null)
        {
            await FailAsync(jobId, name == ObjectTagStage.StageName
                ? "no object detector is installed here: there are no object tags to make"
                : $"the enrichment stage '{name}' is not available here");
            return;
        }

        var progress = new OrderedJobProgress<FeatureProgress>((t, d) => UpdateAsync(jobId, t, d), p => (p.Total, p.Done - p.Failed));
        var result = await enricher.RunAsync(stage, all ? EnrichmentRefresh.All : EnrichmentRefresh.Missing, progress, cancellationToken, ct => WhilePausedAsync(jobId, ct));
        await progress.FlushAsync();
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var done = result.Enriched + result.Failed;
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Total, done).SetProperty(j => j.Done, result.Enriched).SetProperty(j => j.Failed, result.Failed),
                cancellationToken);
        }

        var changed = result.ModelChanged ? " (the model changed: its earlier tags were replaced)" : "";
        await FinishAsync(jobId, null, $"{result.Enriched} photos tagged by {result.Stage} with {result.Model} ({result.Tags} tags), {result.Failed} failed, {result.Skipped} skipped{changed}", cancellationToken);
        await QueueEnrichmentAsync(cancellationToken, after: name);
    }

    /// <summary>Holds an enrichment run between batches while its job is paused.</summary>
    private async Task WhilePausedAsync(long jobId, CancellationToken cancellationToken)
    {
        while (await StateAsync(jobId, cancellationToken) == IndexJobStates.Paused)
        {
            await Task.Delay(PausedRecheck, cancellationToken);
        }
    }

    /// <summary>Queues the first available stage (after <paramref name="after"/>, in registration order) whose work photos miss.</summary>
    private async Task QueueEnrichmentAsync(CancellationToken cancellationToken, string? after = null)
    {
        var (stages, enricher) = EnrichmentServices();
        if (enricher is null)
        {
            return;
        }

        var start = after is null ? 0 : stages.ToList().FindIndex(s => s.Name == after) + 1;
        foreach (var stage in stages.Skip(start).Where(s => s.Available && s.QueueAfterScan))
        {
            try
            {
                if (await enricher.CountMissingAsync(stage, cancellationToken) > 0)
                {
                    await jobs.TryStartAsync(IndexJobKinds.ForStage(stage.Name, all: false), null, null, cancellationToken);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                LogStageUnavailable(logger, stage.Name, e.Message);
            }
        }
    }

    /// <summary>The enrichment stages the host registered, and their runner; none where the host has none.</summary>
    private (IReadOnlyList<IEnrichmentStage> Stages, EnrichmentRunner? Runner) EnrichmentServices()
    {
        if (services is null)
        {
            return ([], null);
        }

        try
        {
            var stages = (IEnumerable<IEnrichmentStage>?)services.GetService(typeof(IEnumerable<IEnrichmentStage>)) ?? [];
            return ([.. stages], (EnrichmentRunner?)services.GetService(typeof(EnrichmentRunner)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStageUnavailable(logger, "enrichment", e.Message);
            return ([], null);
        }
    }

    /// <summary>
    /// The reranker and its feature stage, resolved only when needed: a host registers the matcher only when a reranker
    /// is installed, and a broken reranker model must not stop indexing jobs.
    /// </summary>
    private (IImageTextMatcher? Matcher, MatcherFeatureIndexer? Features, IImageFeatureStore? Store) FeatureServices()
    {
        if (services is null)
        {
            return (null, null, null);
        }

        try
        {
            return ((IImageTextMatcher?)services.GetService(typeof(IImageTextMatcher)),
                (MatcherFeatureIndexer?)services.GetService(typeof(MatcherFeatureIndexer)),
                (IImageFeatureStore?)services.GetService(typeof(IImageFeatureStore)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogMatcherUnavailable(logger, e.Message);
            return (null, null, null);
        }
    }

    /// <summary>
    /// While a batch runs: stops it when its job is cancelled, and keeps the job's heartbeat fresh, so that the
    /// dispatcher tells a long batch of a live worker from a worker that died (<see cref="IndexerOptions.StaleAfter"/>).
    /// </summary>
    private async Task WatchAsync(long jobId, string? batch, CancellationTokenSource source)
    {
        var beat = DateTime.UtcNow;
        try
        {
            while (!source.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), source.Token);
                if (await StateAsync(jobId, source.Token) is IndexJobStates.Cancelled or IndexJobStates.Failed)
                {
                    await source.CancelAsync();
                }
                else if (DateTime.UtcNow - beat > options.Value.HeartbeatInterval)
                {
                    beat = DateTime.UtcNow;
                    await BeatAsync(jobId, batch, beat, source.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task BeatAsync(long jobId, string? batch, DateTime now, CancellationToken cancellationToken)
    {
        try
        {
            await (batch is null ? ledger.BeatJobAsync(jobId, now, cancellationToken) : ledger.BeatAsync(jobId, batch, now, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            // A missed beat is made up by the next one (a busy SQLite catalog can refuse one write).
            LogBeatFailed(logger, jobId, e.Message);
        }
    }

    private async Task<IndexJob?> LoadAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    private async Task<string?> StateAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.Where(j => j.Id == jobId).Select(j => j.State).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task UpdateAsync(long jobId, long total, long done)
    {
        try
        {
            await using var db = await catalog.CreateDbContextAsync();
            var now = DateTime.UtcNow;
            await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.Total, total).SetProperty(j => j.Done, done).SetProperty(j => j.HeartbeatAt, now));
        }
        catch (DbUpdateException)
        {
            // Progress is advisory; the final update carries the truth.
        }
    }

    private async Task FinishAsync(long jobId, long? count, string message, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var running = db.Jobs.Where(j => j.Id == jobId && (j.State == IndexJobStates.Running || j.State == IndexJobStates.Paused));
        if (count is { } n)
        {
            await running.ExecuteUpdateAsync(s => s.SetProperty(j => j.Total, n).SetProperty(j => j.Done, n), cancellationToken);
        }

        await running.ExecuteUpdateAsync(
            s => s.SetProperty(j => j.State, IndexJobStates.Succeeded).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.Message, message),
            cancellationToken);
    }

    private async Task FailAsync(long jobId, string reason)
    {
        await using var db = await catalog.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        await db.Jobs.Where(j => j.Id == jobId && j.State != IndexJobStates.Cancelled).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.State, IndexJobStates.Failed).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Message, reason));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reranker could not be loaded; its image features are not extracted ({Reason}).")]
    private static partial void LogMatcherUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The enrichment stage {Stage} is not available ({Reason}).")]
    private static partial void LogStageUnavailable(ILogger logger, string stage, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId}: a heartbeat was not written ({Reason}).")]
    private static partial void LogBeatFailed(ILogger logger, long jobId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed.")]
    private static partial void LogJobFailed(ILogger logger, long jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: a concurrent write was detected ({Reason}); embedding the rest again.")]
    private static partial void LogConflict(ILogger logger, long jobId, string reason);
}
