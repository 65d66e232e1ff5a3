using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// Runs an <see cref="IEnrichmentStage"/> over the catalog: pages of photos (<see cref="PageSize"/>), each run through
/// the stage in batches of <see cref="IndexingOptions.BatchSize"/> (at most 1 + <see cref="DecodeAhead"/> batches decoded
/// at once, across page ends). Each
/// page's tags, the photos' <see cref="PhotoEnrichment"/> marks (for their current content hash), their denormalised
/// label lists and keyword documents are written in one transaction, so a run killed at any point resumes with the
/// next unmarked photo and never writes a tag twice; the page is written while the next one is decoded and tagged, so
/// the catalog's single-threaded work overlaps the stage's. Photos that fail are recorded as file errors of the stage
/// and skipped by later runs until their file changes. When the stage's fingerprint changes, its tags and marks are
/// dropped first.
/// </summary>
/// <param name="catalog">The catalog.</param>
/// <param name="decoder">Reads photo files for stages that need pixels, as the embedding pipeline does.</param>
/// <param name="options">Batch size and decode parallelism, shared with the embedding pipeline.</param>
/// <param name="loggerFactory">For failure telemetry; none without it.</param>
/// <param name="meterFactory">Creates the indexing meter; a process-wide meter without it.</param>
public sealed class EnrichmentRunner(
    IDbContextFactory<CatalogDbContext> catalog,
    IPhotoDecoder decoder,
    IndexingOptions options,
    ILoggerFactory? loggerFactory = null,
    IMeterFactory? meterFactory = null)
{
    /// <summary>
    /// Photos per page: per transaction, and per read of the photos to do. A transaction's fixed costs (queries, commit)
    /// spread over this many photos; a kill loses at most a page of unwritten work.
    /// </summary>
    public const int PageSize = 256;

    /// <summary>Batches of a pixel stage decoded ahead of the one the stage runs on.</summary>
    public const int DecodeAhead = 2;

    private readonly FileErrorRecorder errors = new(catalog, new EncodeReporter(loggerFactory, meterFactory));

    /// <summary>
    /// Runs <paramref name="stage"/> over the photos that miss its mark, or over every photo. Cancelling stops after
    /// the batch in progress; the batches finished by then are written, and a later <see cref="EnrichmentRefresh.Missing"/>
    /// run does the rest.
    /// </summary>
    /// <param name="stage">The stage.</param>
    /// <param name="mode">Which photos to handle.</param>
    /// <param name="progress">Receives a snapshot after every batch.</param>
    /// <param name="cancellationToken">Stops the run between batches.</param>
    /// <param name="beforeBatch">Awaited before every batch: a job holds the run there while it is paused.</param>
    public async Task<EnrichmentRunResult> RunAsync(
        IEnrichmentStage stage,
        EnrichmentRefresh mode = EnrichmentRefresh.Missing,
        IProgress<FeatureProgress>? progress = null,
        CancellationToken cancellationToken = default,
        Func<CancellationToken, Task>? beforeBatch = null)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var clock = Stopwatch.StartNew();
        using var activity = IndexingDiagnostics.Source.StartActivity("enrich " + stage.Name);
        activity?.SetTag(IndexingDiagnostics.ModelTag, stage.Model);
        await stage.PrepareAsync(cancellationToken);
        var modelChanged = await SettleVersionAsync(stage, cancellationToken);
        var preparation = clock.Elapsed;
        var started = CatalogTime.Now();

        var total = await ExpectedAsync(stage, mode, cancellationToken);
        long processed = 0, failed = 0, enriched = 0, tags = 0, skipped = 0;
        Task<WriteResult>? writing = null;
        void Count(WriteResult written)
        {
            enriched += written.Enriched;
            tags += written.Tags;
        }

        // One stream of batches over consecutive pages: the next page's photos are read while this one runs, and its
        // first batches decode while this page's last batch is in the stage. Stopping the decoding at each page's end
        // left a core idle there for the last batch, the page query and the known-failure check.
        var depth = stage.Input == EnrichmentInput.Pixels ? 1 + DecodeAhead : 1;
        var reading = new Queue<(Page Page, Task<(EnrichmentItem?[] Items, string?[] Reasons)> Inputs)>();
        Task<Page?>? upcoming = NextPageAsync(stage, mode, long.MinValue, started, cancellationToken);
        Page? requesting = null;
        Page? computing = null;
        progress?.Report(new FeatureProgress(0, total, 0));
        try
        {
            try
            {
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (beforeBatch is not null)
                    {
                        await beforeBatch(cancellationToken);
                    }

                    while (reading.Count < depth)
                    {
                        if (requesting is null || requesting.Requested == requesting.Todo.Count)
                        {
                            if (upcoming is null)
                            {
                                break;
                            }

                            var page = await upcoming;
                            upcoming = page is null ? null : NextPageAsync(stage, mode, page.LastId, started, cancellationToken);
                            if (page is null)
                            {
                                break;
                            }

                            skipped += page.Skipped;
                            requesting = page;
                            continue;
                        }

                        // A stage that reads embeddings takes its page at once: the vectors come from one query.
                        var step = stage.Input == EnrichmentInput.Embedding ? requesting.Todo.Count : options.BatchSize;
                        var next = Math.Min(step, requesting.Todo.Count - requesting.Requested);
                        reading.Enqueue((requesting, InputsAsync(stage, requesting.Todo.GetRange(requesting.Requested, next), cancellationToken)));
                        requesting.Requested += next;
                    }

                    if (reading.Count == 0)
                    {
                        break;
                    }

                    var (batchPage, inputs) = reading.Dequeue();
                    computing = batchPage;
                    var (items, reasons) = await inputs;
                    var batchOutcomes = RunStage(stage, items, reasons, cancellationToken);
                    batchOutcomes.CopyTo(batchPage.Outcomes, batchPage.Computed);
                    batchPage.Computed += batchOutcomes.Length;
                    processed += batchOutcomes.Count(o => o is not null);
                    failed += batchOutcomes.Count(o => o is { Error: not null });
                    skipped += batchOutcomes.Count(o => o is null);
                    progress?.Report(new FeatureProgress(processed, Math.Max(total - skipped, processed), failed));
                    if (batchPage.Computed < batchPage.Todo.Count)
                    {
                        continue;
                    }

                    computing = null;
                    if (writing is not null)
                    {
                        Count(await writing);
                    }

                    // Not cancelled part way: a page's write is short, and finishing it keeps the work a stop would discard.
                    // On the thread pool: SQLite's "async" calls complete synchronously, so calling WriteAsync here wrote
                    // the whole page before the next batch's decoding was even queued, and the cores idled meanwhile (13 %
                    // of a detector run's time, measured with `bench enrich`).
                    writing = Task.Run(() => WriteAsync(stage, batchPage.Todo, batchPage.Outcomes, CancellationToken.None), CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (computing is { Computed: > 0 })
            {
                // What was finished before the stop is kept: the cancelled run's next start resumes after it.
                await SettleAsync(reading.Select(r => r.Inputs));
                reading.Clear();
                if (writing is not null)
                {
                    Count(await writing);
                    writing = null;
                }

                Count(await WriteAsync(stage, computing.Todo.GetRange(0, computing.Computed), computing.Outcomes[..computing.Computed], CancellationToken.None));
                throw;
            }
            finally
            {
                await SettleAsync([.. reading.Select(r => (Task)r.Inputs), upcoming ?? Task.CompletedTask]);
            }

            if (writing is not null)
            {
                Count(await writing);
                writing = null;
            }
        }
        catch when (writing is not null)
        {
            // The page being written is still finished (or rolled back) before the run's own error is passed on.
            try
            {
                Count(await writing);
            }
            catch (Exception inner) when (inner is not OutOfMemoryException)
            {
            }

            throw;
        }

        return new EnrichmentRunResult
        {
            Stage = stage.Name,
            Model = stage.Model,
            Enriched = enriched,
            Tags = tags,
            Failed = failed,
            Skipped = skipped,
            ModelChanged = modelChanged,
            Elapsed = clock.Elapsed,
            Preparation = preparation,
        };
    }

    /// <summary>Photos the stage has not finished for their current content (or all), with what the run needs of them.</summary>
    public async Task<long> CountMissingAsync(IEnrichmentStage stage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return await ExpectedAsync(stage, EnrichmentRefresh.Missing, cancellationToken);
    }

    /// <summary>
    /// Drops the stage's tags and marks when they were made with another fingerprint (or nobody recorded one while
    /// marks exist), and records the stage's fingerprint from now on. The label lists of the photos that lost tags are
    /// rewritten at once, so a model change never leaves stale labels searchable.
    /// </summary>
    private async Task<bool> SettleVersionAsync(IEnrichmentStage stage, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var row = await db.EnrichmentStages.FirstOrDefaultAsync(s => s.Name == stage.Name, cancellationToken);
        if (row is not null && row.Fingerprint == stage.Fingerprint)
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var kinds = stage.Kinds.Where(k => k != PhotoTagKinds.User).ToList();
        var touched = await db.PhotoTags.Where(t => kinds.Contains(t.Kind)).Select(t => t.PhotoId).Distinct().ToListAsync(cancellationToken);
        var changed = touched.Count > 0 || await db.PhotoEnrichments.AnyAsync(m => m.Stage == stage.Name, cancellationToken);
        if (changed)
        {
            await db.PhotoTags.Where(t => kinds.Contains(t.Kind)).ExecuteDeleteAsync(cancellationToken);
            await db.PhotoEnrichments.Where(m => m.Stage == stage.Name).ExecuteDeleteAsync(cancellationToken);
            await db.FileErrors.Where(e => e.Stage == stage.Name).ExecuteDeleteAsync(cancellationToken);
            await PhotoTagService.RefreshAsync(db, touched, cancellationToken);
        }

        if (row is null)
        {
            db.EnrichmentStages.Add(new EnrichmentStage { Name = stage.Name, Model = stage.Model, Fingerprint = stage.Fingerprint });
        }
        else
        {
            row.Model = stage.Model;
            row.Fingerprint = stage.Fingerprint;
            row.UpdatedAt = CatalogTime.Now(db.Clock);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private async Task<long> ExpectedAsync(IEnrichmentStage stage, EnrichmentRefresh mode, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var photos = await db.Photos.LongCountAsync(cancellationToken);
        if (mode == EnrichmentRefresh.All)
        {
            return photos;
        }

        var marked = await db.PhotoEnrichments.Where(m => m.Stage == stage.Name)
            .Join(db.Photos, m => m.PhotoId, p => p.Id, (m, p) => new { m.ContentHash, Current = p.ContentHash })
            .LongCountAsync(x => x.ContentHash == x.Current, cancellationToken);
        return Math.Max(0, photos - marked);
    }

    /// <summary>
    /// The next photos after <paramref name="afterId"/>: in "missing" mode those without a mark for their content; in
    /// "all" mode those not marked since the run started (so an "all" run that was stopped can be resumed as "missing").
    /// </summary>
    private async Task<List<StagePhoto>> NextAsync(IEnrichmentStage stage, EnrichmentRefresh mode, long afterId, DateTime started, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var name = stage.Name;
        var query = db.Photos.AsNoTracking().Where(p => p.Id > afterId);
        query = mode == EnrichmentRefresh.All
            ? query.Where(p => !db.PhotoEnrichments.Any(m => m.PhotoId == p.Id && m.Stage == name && m.ContentHash == p.ContentHash && m.UpdatedAt >= started))
            : query.Where(p => !db.PhotoEnrichments.Any(m => m.PhotoId == p.Id && m.Stage == name && m.ContentHash == p.ContentHash));
        return await query.OrderBy(p => p.Id).Take(PageLength)
            .Select(p => new StagePhoto(p.Id, p.LibraryId, p.Path, p.Size, p.ModifiedAt, p.ContentHash))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The next page after <paramref name="afterId"/> without the photos known to fail; null after the last page.</summary>
    private async Task<Page?> NextPageAsync(IEnrichmentStage stage, EnrichmentRefresh mode, long afterId, DateTime started, CancellationToken cancellationToken)
    {
        var photos = await NextAsync(stage, mode, afterId, started, cancellationToken);
        if (photos.Count == 0)
        {
            return null;
        }

        var todo = await WithoutKnownBadAsync(stage, photos, cancellationToken);
        return new Page(photos[^1].Id, photos.Count - todo.Count, todo);
    }

    /// <summary>Leaves out photos that failed this stage before and whose file has not changed since.</summary>
    private async Task<List<StagePhoto>> WithoutKnownBadAsync(IEnrichmentStage stage, List<StagePhoto> photos, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var paths = photos.Select(p => p.Path).ToList();
        var bad = await db.FileErrors.AsNoTracking().Where(e => e.Stage == stage.Name && paths.Contains(e.Path))
            .Select(e => new { e.Path, e.Size, e.ModifiedAt })
            .ToListAsync(cancellationToken);
        var known = bad.ToDictionary(e => e.Path, e => (e.Size, e.ModifiedAt), StringComparer.Ordinal);
        return [.. photos.Where(p => !(known.TryGetValue(p.Path, out var e) && e.Size == p.Size && PhotoRecords.SameTime(e.ModifiedAt, p.ModifiedAt)))];
    }

    /// <summary>The stage's input per photo (null where there is none) and, for photos that could not be read, why.</summary>
    private async Task<(EnrichmentItem?[] Items, string?[] Reasons)> InputsAsync(IEnrichmentStage stage, List<StagePhoto> photos, CancellationToken cancellationToken)
    {
        var items = new EnrichmentItem?[photos.Count];
        var reasons = new string?[photos.Count];
        if (stage.Input == EnrichmentInput.Embedding)
        {
            var model = stage.EmbeddingModel ?? throw new InvalidOperationException($"The stage {stage.Name} reads embeddings but names no embedding model.");
            var ids = photos.Select(p => p.Id).ToList();
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var rows = await db.Embeddings.AsNoTracking().Where(e => e.ModelId == model && ids.Contains(e.PhotoId))
                .Select(e => new { e.PhotoId, e.Vector, e.ContentHash })
                .ToListAsync(cancellationToken);
            var vectors = rows.ToDictionary(r => r.PhotoId);
            for (var i = 0; i < photos.Count; i++)
            {
                // A vector of older content would tag what the file no longer shows: wait for the new embedding.
                if (vectors.TryGetValue(photos[i].Id, out var row) && row.ContentHash == photos[i].ContentHash)
                {
                    items[i] = new EnrichmentItem(photos[i].Id, photos[i].Path, null, EmbeddingCodec.Decode(row.Vector));
                }
            }

            return (items, reasons);
        }

        await Parallel.ForAsync(0, photos.Count, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveDecodeParallelism, CancellationToken = cancellationToken }, (i, ct) =>
        {
            try
            {
                var decoded = decoder.Decode(photos[i].Path, stage.DecodeEdge, ct);
                items[i] = new EnrichmentItem(photos[i].Id, photos[i].Path, decoded.Image, null);
            }
            catch (PhotoDecodeException e)
            {
                reasons[i] = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reasons[i] = "decoding took longer than the time budget";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or ArgumentException or OutOfMemoryException)
            {
                reasons[i] = e.Message;
            }

            return ValueTask.CompletedTask;
        });
        return (items, reasons);
    }

    /// <summary>Runs the stage once over the photos that have input; a stage that throws fails the batch's photos.</summary>
    private static EnrichmentOutcome?[] RunStage(IEnrichmentStage stage, EnrichmentItem?[] items, string?[] reasons, CancellationToken cancellationToken)
    {
        var outcomes = new EnrichmentOutcome?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (reasons[i] is { } reason)
            {
                outcomes[i] = EnrichmentOutcome.Failure(reason);
            }
        }

        var ready = Enumerable.Range(0, items.Length).Where(i => items[i] is not null).ToList();
        if (ready.Count == 0)
        {
            return outcomes;
        }

        try
        {
            var results = stage.Run([.. ready.Select(i => items[i]!)], cancellationToken);
            if (results.Count != ready.Count)
            {
                throw new InvalidOperationException($"the stage returned {results.Count} results for {ready.Count} photos");
            }

            for (var k = 0; k < ready.Count; k++)
            {
                outcomes[ready[k]] = results[k];
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            foreach (var i in ready)
            {
                outcomes[i] = EnrichmentOutcome.Failure($"{stage.Name} failed: {e.Message}");
            }
        }

        return outcomes;
    }

    /// <summary>Writes the page: tags replaced, marks set, label lists and keyword documents refreshed, in one transaction; then the failures.</summary>
    private async Task<WriteResult> WriteAsync(
        IEnrichmentStage stage, List<StagePhoto> photos, EnrichmentOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        var kinds = stage.Kinds.Where(k => k != PhotoTagKinds.User).ToList();
        var finished = Enumerable.Range(0, photos.Count).Where(i => outcomes[i] is { Error: null }).ToList();
        var tags = 0;
        if (finished.Count > 0)
        {
            var ids = finished.Select(i => photos[i].Id).ToList();
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.PhotoTags.Where(t => ids.Contains(t.PhotoId) && kinds.Contains(t.Kind)).ExecuteDeleteAsync(cancellationToken);
            await db.PhotoEnrichments.Where(m => ids.Contains(m.PhotoId) && m.Stage == stage.Name).ExecuteDeleteAsync(cancellationToken);
            var now = CatalogTime.Now(db.Clock);
            var rows = new List<PhotoTag>();
            var marks = new List<PhotoEnrichment>(finished.Count);
            foreach (var i in finished)
            {
                var photo = photos[i];
                var seen = new HashSet<(string, string, int?)>();
                foreach (var tag in outcomes[i]!.Tags)
                {
                    if (!kinds.Contains(tag.Kind) || !TagLabels.TryNormalize(tag.Label, out var label) || !seen.Add((label, tag.Kind, tag.Detection)))
                    {
                        continue;
                    }

                    rows.Add(new PhotoTag
                    {
                        PhotoId = photo.Id,
                        Label = label,
                        Kind = tag.Kind,
                        Confidence = Math.Clamp(tag.Confidence, 0f, 1f),
                        Source = stage.Model,
                        Detection = tag.Detection,
                        BoxX = tag.Box?.X,
                        BoxY = tag.Box?.Y,
                        BoxWidth = tag.Box?.Width,
                        BoxHeight = tag.Box?.Height,
                        CreatedAt = now,
                    });
                    tags++;
                }

                marks.Add(new PhotoEnrichment { PhotoId = photo.Id, Stage = stage.Name, ContentHash = photo.ContentHash, UpdatedAt = now });
            }

            await CatalogBulk.InsertTagsAsync(db, rows, cancellationToken);
            await CatalogBulk.InsertMarksAsync(db, marks, cancellationToken);
            await PhotoTagService.RefreshAsync(db, ids, cancellationToken);

            // A photo that succeeds no longer carries an earlier failure of this stage.
            var okPaths = finished.Select(i => photos[i].Path).ToList();
            await db.FileErrors.Where(e => e.Stage == stage.Name && okPaths.Contains(e.Path)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        for (var i = 0; i < photos.Count; i++)
        {
            if (outcomes[i] is { Error: { } reason })
            {
                var photo = photos[i];
                await errors.RecordAsync(photo.LibraryId, photo.Path, photo.Size, photo.ModifiedAt, stage.Name, reason, cancellationToken);
            }
        }

        return new WriteResult(finished.Count, tags);
    }

    /// <summary>Waits for the reads started ahead that the run no longer needs; their outcome does not matter.</summary>
    private static async Task SettleAsync(IEnumerable<Task> started)
    {
        foreach (var task in started)
        {
            try
            {
                await task;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
            }
        }
    }

    /// <summary>Photos per page: at least one batch.</summary>
    private int PageLength => Math.Max(options.BatchSize, PageSize);

    private readonly record struct WriteResult(int Enriched, int Tags);

    /// <summary>A page's photos to do, their outcomes as batches finish, and how far its batches have been requested.</summary>
    private sealed class Page(long lastId, int skipped, List<StagePhoto> todo)
    {
        public long LastId { get; } = lastId;

        public int Skipped { get; } = skipped;

        public List<StagePhoto> Todo { get; } = todo;

        public EnrichmentOutcome?[] Outcomes { get; } = new EnrichmentOutcome?[todo.Count];

        public int Requested { get; set; }

        public int Computed { get; set; }
    }

    private sealed record StagePhoto(long Id, int LibraryId, string Path, long Size, DateTime ModifiedAt, string ContentHash);
}
