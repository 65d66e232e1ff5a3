using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// The indexing loop: scan → hash what changed → decode and preprocess in parallel → batch → encode → write the
/// catalog, then the vector index. Bounded channels keep memory flat on large libraries. The catalog is written
/// before the index, and the synchronizer completes the index on the next run, so a kill at any moment leaves a
/// state the next run finishes without duplicates.
/// </summary>
public sealed class PhotoIndexer(
    IDbContextFactory<CatalogDbContext> catalog,
    IVectorIndex index,
    IPhotoDecoder decoder,
    IImagePreprocessor preprocessor,
    IndexingOptions options)
{
    /// <summary>Files written to the catalog in one transaction at most, when encoders finish faster than it writes.</summary>
    private const int MaxFilesPerWrite = 256;

    private readonly IndexSynchronizer synchronizer = new(catalog, index);

    /// <summary>Indexes one library folder with one model.</summary>
    public async Task<IndexRunResult> IndexAsync(LibraryRequest request, IEmbeddingModel model, IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var root = RequireFolder(request);
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
        var root = RequireFolder(request);
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
        Library library;
        var paths = request.Paths.Distinct(StringComparer.Ordinal).ToList();
        Dictionary<string, (long Id, long Size, DateTime ModifiedAt, string Hash, string? EmbeddedHash)> known;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            library = await db.Libraries.AsNoTracking().FirstOrDefaultAsync(l => l.Id == request.LibraryId, cancellationToken)
                ?? throw new ArgumentException($"No library with id {request.LibraryId}.");
            known = new(StringComparer.Ordinal);
            foreach (var chunk in paths.Chunk(500))
            {
                var rows = await db.Photos.AsNoTracking()
                    .Where(p => chunk.Contains(p.Path))
                    .Select(p => new { p.Id, p.Path, p.Size, p.ModifiedAt, p.ContentHash, Embedded = p.Embeddings.Where(e => e.ModelId == model.Id).Select(e => e.ContentHash).FirstOrDefault() })
                    .ToListAsync(cancellationToken);
                foreach (var r in rows)
                {
                    known[r.Path] = (r.Id, r.Size, r.ModifiedAt, r.ContentHash, r.Embedded);
                }
            }
        }

        var spec = new CollectionSpec(model.Id, model.Dimension);
        var run = new RunState(library, model, spec) { WriteIndex = request.WriteIndex, OnEncoded = request.OnEncoded };
        if (request.WriteIndex)
        {
            await index.EnsureCollectionAsync(spec, cancellationToken);
        }

        var work = new List<PendingFile>();
        long skipped = 0;
        long missing = 0;
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                // Gone since planning: the next scan removes it from the catalog.
                missing++;
                continue;
            }

            var file = new ScannedFile(info.FullName, info.Length, info.LastWriteTimeUtc);
            known.TryGetValue(file.Path, out var photo);
            var found = photo.Hash is not null;
            if (found && photo.EmbeddedHash == photo.Hash && photo.Size == file.Size && SameTime(photo.ModifiedAt, file.ModifiedAtUtc))
            {
                skipped++;
                continue;
            }

            string hash;
            try
            {
                hash = await ContentHasher.HashFileAsync(file.Path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await RecordErrorAsync(run, file, "scan", $"cannot read file: {e.Message}", cancellationToken);
                continue;
            }

            if (found && photo.EmbeddedHash == hash && photo.Hash == hash)
            {
                skipped++;
                continue;
            }

            work.Add(new PendingFile(file) { PhotoId = found ? photo.Id : null, Hash = hash });
        }

        await EmbedAsync(run, work, progress, cancellationToken);
        return new EmbedFilesResult { Embedded = run.Embedded, Skipped = skipped, Missing = missing, Failed = run.Failed };
    }

    /// <summary>Removes from the catalog (and the index) the photos of a library whose files no longer exist.</summary>
    /// <returns>The number of photos removed.</returns>
    public async Task<int> RemoveVanishedAsync(int libraryId, CancellationToken cancellationToken = default)
    {
        List<(long Id, string Path)> photos;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            photos = (await db.Photos.AsNoTracking().Where(p => p.LibraryId == libraryId).Select(p => new { p.Id, p.Path }).ToListAsync(cancellationToken))
                .Select(p => (p.Id, p.Path))
                .ToList();
        }

        var gone = photos.Where(p => !File.Exists(p.Path)).Select(p => p.Id).ToList();
        await RemovePhotosAsync(gone, cancellationToken);
        return gone.Count;
    }

    /// <summary>Deletes photos with their vectors from the catalog, then from every collection that holds them.</summary>
    private async Task RemovePhotosAsync(List<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        List<string> models;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            models = await db.Embeddings.Where(e => ids.Contains(e.PhotoId)).Select(e => e.ModelId).Distinct().ToListAsync(cancellationToken);
            foreach (var chunk in ids.Chunk(500))
            {
                await db.Embeddings.Where(e => chunk.Contains(e.PhotoId)).ExecuteDeleteAsync(cancellationToken);
                await db.Photos.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken);
            }
        }

        foreach (var modelId in models)
        {
            await index.DeleteAsync(CollectionNames.ForModel(modelId), ids, cancellationToken);
        }

        await index.FlushAsync(cancellationToken);
    }

    private static string RequireFolder(LibraryRequest request)
    {
        var root = Path.GetFullPath(request.RootPath);
        return Directory.Exists(root) ? root : throw new DirectoryNotFoundException($"Folder not found: {request.RootPath}");
    }

    /// <summary>Scans the library and settles everything that needs no encoder: moves, copies, vanished files.</summary>
    private async Task<(RunState Run, IndexPlan Plan)> ScanAndSettleAsync(string root, LibraryRequest request, IEmbeddingModel model, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        var library = await EnsureLibraryAsync(root, request, cancellationToken);
        var run = new RunState(library, model, new CollectionSpec(model.Id, model.Dimension));
        var plan = await PlanAsync(run, progress, cancellationToken);
        await ApplyMovesAndReuseAsync(run, plan, cancellationToken);
        return (run, plan);
    }

    private async Task<Library> EnsureLibraryAsync(string root, LibraryRequest request, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var library = await db.Libraries.FirstOrDefaultAsync(l => l.RootPath == root, cancellationToken);
        if (library is null)
        {
            var baseName = request.Name ?? (Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : "library");
            var name = baseName;
            for (var i = 2; await db.Libraries.AnyAsync(l => l.Name == name, cancellationToken); i++)
            {
                name = $"{baseName}-{i}";
            }

            library = new Library { Name = name, RootPath = root, CreatedAt = DateTime.UtcNow };
            db.Libraries.Add(library);
        }

        if (request.Include is not null)
        {
            library.IncludeGlobs = [.. request.Include];
        }

        if (request.Exclude is not null)
        {
            library.ExcludeGlobs = [.. request.Exclude];
        }

        if (request.IncludeHidden is not null)
        {
            library.IncludeHidden = request.IncludeHidden.Value;
        }

        await db.SaveChangesAsync(cancellationToken);
        return library;
    }

    private async Task<IndexPlan> PlanAsync(RunState run, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        Dictionary<string, KnownPhoto> known;
        HashSet<long> embedded;
        Dictionary<string, (long Size, DateTime ModifiedAt)> knownBad;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            known = await db.Photos.AsNoTracking()
                .Where(p => p.LibraryId == run.Library.Id)
                .Select(p => new KnownPhoto(p.Id, p.Path, p.Size, p.ModifiedAt, p.ContentHash))
                .ToDictionaryAsync(p => p.Path, StringComparer.Ordinal, cancellationToken);
            embedded = [.. await db.Embeddings.AsNoTracking()
                .Where(e => e.ModelId == run.Model.Id && e.Photo!.LibraryId == run.Library.Id)
                .Select(e => e.PhotoId)
                .ToListAsync(cancellationToken)];
            knownBad = await db.FileErrors.AsNoTracking()
                .Where(e => e.LibraryId == run.Library.Id)
                .ToDictionaryAsync(e => e.Path, e => (e.Size, e.ModifiedAt), StringComparer.Ordinal, cancellationToken);
        }

        var rules = new ScanRules
        {
            Include = run.Library.IncludeGlobs,
            Exclude = run.Library.ExcludeGlobs,
            IncludeHidden = run.Library.IncludeHidden,
            Extensions = decoder.SupportedExtensions,
        };

        var plan = new IndexPlan();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var toHash = new List<PendingFile>();
        foreach (var file in FileScanner.Scan(run.Library.RootPath, rules, cancellationToken: cancellationToken))
        {
            plan.Scanned++;
            seen.Add(file.Path);
            if (plan.Scanned % 1000 == 0)
            {
                progress?.Report(new IndexProgress(IndexPhase.Scanning, plan.Scanned, 0, 0));
            }

            if (known.TryGetValue(file.Path, out var photo))
            {
                var same = photo.Size == file.Size && SameTime(photo.ModifiedAt, file.ModifiedAtUtc);
                if (same && embedded.Contains(photo.Id))
                {
                    plan.Unchanged++;
                }
                else if (same)
                {
                    plan.ToEmbed.Add(new PendingFile(file) { PhotoId = photo.Id, Hash = photo.ContentHash });
                }
                else
                {
                    toHash.Add(new PendingFile(file) { PhotoId = photo.Id, Hash = photo.ContentHash, HasVector = embedded.Contains(photo.Id) });
                }

                continue;
            }

            if (knownBad.TryGetValue(file.Path, out var bad) && bad.Size == file.Size && SameTime(bad.ModifiedAt, file.ModifiedAtUtc))
            {
                plan.SkippedKnownBad++;
                continue;
            }

            toHash.Add(new PendingFile(file));
        }

        plan.Vanished.AddRange(known.Values.Where(p => !seen.Contains(p.Path)));

        // Hashing reads whole files: spread it over the cores, it is as costly as a decode on fast disks.
        long hashed = 0;
        await Parallel.ForEachAsync(toHash, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveDecodeParallelism, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            try
            {
                item.NewHash = await ContentHasher.HashFileAsync(item.File.Path, ct);
            }
            catch (IOException e)
            {
                item.Error = $"cannot read file: {e.Message}";
            }
            catch (UnauthorizedAccessException e)
            {
                item.Error = $"cannot read file: {e.Message}";
            }

            var done = Interlocked.Increment(ref hashed);
            if (done % 256 == 0)
            {
                progress?.Report(new IndexProgress(IndexPhase.Hashing, done, toHash.Count, 0));
            }
        });

        plan.Hashed.AddRange(toHash);
        return plan;
    }

    /// <summary>
    /// Settles hashed files: a vanished photo with the same content moved here (keeps id and vectors); a changed file
    /// whose content is the same only needs new stat data; a copy of an already embedded photo reuses its vector.
    /// Then removes what is really gone.
    /// </summary>
    private async Task ApplyMovesAndReuseAsync(RunState run, IndexPlan plan, CancellationToken cancellationToken)
    {
        var vanishedByHash = plan.Vanished
            .GroupBy(p => p.ContentHash, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<KnownPhoto>(g), StringComparer.Ordinal);
        var moved = new List<(KnownPhoto From, PendingFile To)>();
        var touched = new List<PendingFile>();
        var newFiles = new List<PendingFile>();
        foreach (var item in plan.Hashed)
        {
            if (item.Error is not null)
            {
                await RecordErrorAsync(run, item.File, "scan", item.Error, cancellationToken);
                continue;
            }

            if (item.PhotoId is not null)
            {
                if (item.NewHash == item.Hash)
                {
                    touched.Add(item);
                }
                else
                {
                    item.Hash = item.NewHash;
                    plan.ToEmbed.Add(item);
                }

                continue;
            }

            item.Hash = item.NewHash;
            if (vanishedByHash.TryGetValue(item.Hash!, out var candidates) && candidates.Count > 0)
            {
                moved.Add((candidates.Dequeue(), item));
            }
            else
            {
                newFiles.Add(item);
            }
        }

        var movedIds = moved.Select(m => m.From.Id).ToHashSet();
        plan.Vanished.RemoveAll(p => movedIds.Contains(p.Id));

        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var now = DateTime.UtcNow;
            foreach (var (from, to) in moved)
            {
                await db.Photos.Where(p => p.Id == from.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(p => p.Path, to.File.Path)
                        .SetProperty(p => p.Size, to.File.Size)
                        .SetProperty(p => p.ModifiedAt, to.File.ModifiedAtUtc)
                        .SetProperty(p => p.UpdatedAt, now),
                    cancellationToken);
                await db.Embeddings.Where(e => e.PhotoId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.IndexedAt, (DateTime?)null), cancellationToken);
                to.PhotoId = from.Id;
            }

            foreach (var item in touched)
            {
                await db.Photos.Where(p => p.Id == item.PhotoId).ExecuteUpdateAsync(
                    s => s.SetProperty(p => p.Size, item.File.Size)
                        .SetProperty(p => p.ModifiedAt, item.File.ModifiedAtUtc)
                        .SetProperty(p => p.UpdatedAt, now),
                    cancellationToken);
            }
        }

        // Moved photos keep their vectors, but every collection holding them needs the new path in its payload.
        run.Reused += moved.Count;
        plan.ToEmbed.AddRange(touched.Where(item => !item.HasVector));

        await RemovePhotosAsync([.. plan.Vanished.Select(p => p.Id)], cancellationToken);

        await ReuseIdenticalContentAsync(run, newFiles, plan, cancellationToken);
        await RepublishAsync(moved.Select(m => m.From.Id).ToList(), cancellationToken);
    }

    /// <summary>New files whose content another photo already has get a copy of that photo's vectors.</summary>
    private async Task ReuseIdenticalContentAsync(RunState run, List<PendingFile> newFiles, IndexPlan plan, CancellationToken cancellationToken)
    {
        if (newFiles.Count == 0)
        {
            return;
        }

        var hashes = newFiles.Select(f => f.Hash!).Distinct().ToList();
        Dictionary<string, long> donors = new(StringComparer.Ordinal);
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            foreach (var chunk in hashes.Chunk(500))
            {
                var found = await db.Embeddings.AsNoTracking()
                    .Where(e => e.ModelId == run.Model.Id && chunk.Contains(e.Photo!.ContentHash))
                    .Select(e => new { e.Photo!.ContentHash, e.PhotoId })
                    .ToListAsync(cancellationToken);
                foreach (var f in found)
                {
                    donors.TryAdd(f.ContentHash, f.PhotoId);
                }
            }
        }

        foreach (var item in newFiles)
        {
            if (!donors.TryGetValue(item.Hash!, out var donorId))
            {
                plan.ToEmbed.Add(item);
                continue;
            }

            PhotoMetadata metadata;
            try
            {
                metadata = decoder.ReadMetadata(item.File.Path);
            }
            catch (PhotoDecodeException e)
            {
                await RecordErrorAsync(run, item.File, "decode", e.Message, cancellationToken);
                continue;
            }

            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var donorEmbeddings = await db.Embeddings.AsNoTracking().Where(e => e.PhotoId == donorId).ToListAsync(cancellationToken);
            var photo = NewPhoto(run, item, metadata);
            db.Photos.Add(photo);
            foreach (var e in donorEmbeddings)
            {
                photo.Embeddings.Add(new PhotoEmbedding
                {
                    ModelId = e.ModelId,
                    Dimension = e.Dimension,
                    Vector = e.Vector,
                    ContentHash = e.ContentHash,
                    EmbeddedAt = e.EmbeddedAt,
                });
            }

            await db.SaveChangesAsync(cancellationToken);
            run.Reused++;
        }
    }

    /// <summary>Pushes the current payloads of the given photos to every collection holding them.</summary>
    private async Task RepublishAsync(List<long> photoIds, CancellationToken cancellationToken)
    {
        if (photoIds.Count == 0)
        {
            return;
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in photoIds.Chunk(256))
        {
            var rows = await db.Embeddings.AsNoTracking()
                .Where(e => chunk.Contains(e.PhotoId))
                .Select(e => new { e.PhotoId, e.ModelId, e.Dimension, e.Vector, Photo = e.Photo!, LibraryName = e.Photo!.Library!.Name })
                .ToListAsync(cancellationToken);
            foreach (var group in rows.GroupBy(r => (r.ModelId, r.Dimension)))
            {
                var spec = new CollectionSpec(group.Key.ModelId, group.Key.Dimension);
                await index.EnsureCollectionAsync(spec, cancellationToken);
                await index.UpsertAsync(spec.Name, [.. group.Select(r => new VectorRecord(r.PhotoId, EmbeddingCodec.Decode(r.Vector), PhotoPayloads.From(r.Photo, r.LibraryName)))], cancellationToken);
            }
        }

        await index.FlushAsync(cancellationToken);
        foreach (var chunk in photoIds.Chunk(500))
        {
            var now = DateTime.UtcNow;
            await db.Embeddings.Where(e => chunk.Contains(e.PhotoId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.IndexedAt, now), cancellationToken);
        }
    }

    private async Task EmbedAsync(RunState run, List<PendingFile> work, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        if (work.Count == 0)
        {
            return;
        }

        var encoder = run.Model.Image;
        var pre = encoder.Preprocess;
        var batchSize = options.BatchSize;
        var encoders = options.EncodeParallelismFor(encoder);

        // Room for every encoder to fill its next batch while the current ones run; memory stays flat at about
        // (3 × encoders + 1) batches of pixels: queued, being gathered, being encoded.
        var decoded = Channel.CreateBounded<DecodedItem>(new BoundedChannelOptions(batchSize * (encoders + 1)) { SingleReader = encoders == 1 });
        var encoded = Channel.CreateBounded<EncodedBatch>(new BoundedChannelOptions(Math.Max(2, MaxFilesPerWrite / batchSize)) { SingleReader = true, SingleWriter = encoders == 1 });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = linked.Token;

        var decodeTask = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveDecodeParallelism, CancellationToken = token }, async (item, ct) =>
                {
                    var result = Decode(item, pre, ct);
                    await decoded.Writer.WriteAsync(result, ct);
                });
            }
            finally
            {
                decoded.Writer.TryComplete();
            }
        }, token);

        // Several encoder calls run at once, each on one thread by default: the operating system then shares the
        // cores between decoding and inference as the bounded channels dictate, where one call split across all
        // cores would wait for its slowest thread each time a decoder held a core.
        var running = encoders;
        var encodeTasks = Enumerable.Range(0, encoders).Select(_ => Task.Run(async () =>
        {
            var pixels = new float[batchSize * pre.TensorLength];
            var vectors = new float[batchSize * encoder.Dimension];
            var batch = new List<DecodedItem>(batchSize);
            try
            {
                while (await decoded.Reader.WaitToReadAsync(token))
                {
                    while (batch.Count < batchSize && decoded.Reader.TryRead(out var item))
                    {
                        batch.Add(item);
                    }

                    if (batch.Count < batchSize && !decoded.Reader.Completion.IsCompleted)
                    {
                        continue;
                    }

                    await encoded.Writer.WriteAsync(Encoded(run, EncodeBatch(batch, encoder, pixels, vectors, pre.TensorLength)), token);
                    batch.Clear();
                }

                if (batch.Count > 0)
                {
                    await encoded.Writer.WriteAsync(Encoded(run, EncodeBatch(batch, encoder, pixels, vectors, pre.TensorLength)), token);
                }
            }
            finally
            {
                foreach (var item in batch)
                {
                    item.Release();
                }

                if (Interlocked.Decrement(ref running) == 0)
                {
                    encoded.Writer.TryComplete();
                }
            }
        }, token)).ToList();
        var encodeTask = Task.WhenAll(encodeTasks);

        var sinceFlush = new List<long>();
        var batchesSinceFlush = 0;
        long processed = 0;
        var writeFailed = false;
        try
        {
            await foreach (var first in encoded.Reader.ReadAllAsync(token))
            {
                // Batches the encoders finished meanwhile share one catalog transaction: with small batches a
                // transaction per batch would cost more than the encoding.
                var group = new List<EncodedBatch> { first };
                var files = first.Count;
                while (files < MaxFilesPerWrite && encoded.Reader.TryRead(out var more))
                {
                    group.Add(more);
                    files += more.Count;
                }

                var written = await WriteBatchesAsync(run, group, cancellationToken);
                sinceFlush.AddRange(written);
                batchesSinceFlush += group.Count;
                if (batchesSinceFlush >= options.FlushEveryBatches)
                {
                    await FlushAsync(run, sinceFlush, cancellationToken);
                    batchesSinceFlush = 0;
                }

                processed += files;
                progress?.Report(new IndexProgress(IndexPhase.Embedding, processed, work.Count, run.Failed));
            }
        }
        catch
        {
            writeFailed = true;
            await linked.CancelAsync();
            throw;
        }
        finally
        {
            // Whatever the catalog holds is made durable in the index before leaving, also on Ctrl+C.
            await FlushAsync(run, sinceFlush, CancellationToken.None);
            try
            {
                await Task.WhenAll(decodeTask, encodeTask);
            }
            catch (OperationCanceledException) when (writeFailed || cancellationToken.IsCancellationRequested)
            {
            }

            // Buffers of items decoded but never encoded go back to the pool.
            while (decoded.Reader.TryRead(out var left))
            {
                left.Release();
            }
        }
    }

    private static EncodedBatch Encoded(RunState run, EncodedBatch batch)
    {
        if (run.OnEncoded is { } observer && batch.Results.Count > 0)
        {
            observer([.. batch.Results.Select(r => r.Item.File.File.Path)]);
        }

        return batch;
    }

    private async Task FlushAsync(RunState run, List<long> photoIds, CancellationToken cancellationToken)
    {
        if (photoIds.Count == 0 || !run.WriteIndex)
        {
            photoIds.Clear();
            return;
        }

        await index.FlushAsync(cancellationToken);
        await synchronizer.MarkIndexedAsync(run.Model.Id, photoIds, cancellationToken);
        photoIds.Clear();
    }

    private DecodedItem Decode(PendingFile item, PreprocessSpec pre, CancellationToken cancellationToken)
    {
        try
        {
            var photo = decoder.Decode(item.File.Path, pre.MinimumDecodeEdge, cancellationToken);
            var buffer = ArrayPool<float>.Shared.Rent(pre.TensorLength);
            try
            {
                preprocessor.Preprocess(photo.Image, pre, buffer.AsSpan(0, pre.TensorLength));
            }
            catch
            {
                ArrayPool<float>.Shared.Return(buffer);
                throw;
            }

            return new DecodedItem(item, photo.Metadata, buffer, null);
        }
        catch (PhotoDecodeException e)
        {
            return new DecodedItem(item, null, null, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DecodedItem(item, null, null, "decoding took longer than the time budget");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or ArgumentException or OutOfMemoryException)
        {
            return new DecodedItem(item, null, null, e.Message);
        }
    }

    private static EncodedBatch EncodeBatch(List<DecodedItem> batch, IImageEncoder encoder, float[] pixels, float[] vectors, int tensorLength)
    {
        var good = new List<DecodedItem>(batch.Count);
        var failed = new List<DecodedItem>();
        foreach (var item in batch)
        {
            if (item.Pixels is null)
            {
                failed.Add(item);
                continue;
            }

            item.Pixels.AsSpan(0, tensorLength).CopyTo(pixels.AsSpan(good.Count * tensorLength, tensorLength));
            good.Add(item);
        }

        var results = new List<(DecodedItem Item, float[] Vector)>(good.Count);
        string? encodeError = null;
        if (good.Count > 0)
        {
            try
            {
                encoder.Encode(pixels.AsSpan(0, good.Count * tensorLength), good.Count, vectors.AsSpan(0, good.Count * encoder.Dimension));
                for (var i = 0; i < good.Count; i++)
                {
                    results.Add((good[i], vectors.AsSpan(i * encoder.Dimension, encoder.Dimension).ToArray()));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                encodeError = $"encoder failed: {e.Message}";
            }
        }

        foreach (var item in batch)
        {
            item.Release();
        }

        return new EncodedBatch(results, failed, encodeError is null ? [] : good, encodeError);
    }

    private async Task<List<long>> WriteBatchesAsync(RunState run, List<EncodedBatch> batches, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var results = batches.SelectMany(b => b.Results).ToList();
        var records = new List<VectorRecord>(results.Count);
        var staleVectorsRequested = false;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var photos = new List<(Photo Photo, float[] Vector)>();
            var existingIds = results.Where(r => r.Item.File.PhotoId is not null).Select(r => r.Item.File.PhotoId!.Value).ToList();
            var existing = existingIds.Count == 0
                ? []
                : await db.Photos.Include(p => p.Embeddings).Where(p => existingIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
            foreach (var (item, vector) in results)
            {
                var file = item.File;
                Photo photo;
                if (file.PhotoId is { } id && existing.TryGetValue(id, out var found))
                {
                    photo = found;
                    ApplyMetadata(photo, file, item.Metadata!);
                    photo.UpdatedAt = now;
                    if (photo.ContentHash != file.Hash)
                    {
                        // New content: vectors of other models describe the old picture and must be recomputed. They
                        // leave the index through removal requests saved with this change, so a worker that does not
                        // own the index, or a crash before the index is saved, cannot leave them searchable.
                        foreach (var old in photo.Embeddings.Where(e => e.ModelId != run.Model.Id).ToList())
                        {
                            db.Embeddings.Remove(old);
                            db.IndexRemovals.Add(new IndexRemoval { ModelId = old.ModelId, PhotoId = id });
                            staleVectorsRequested = true;
                        }

                        photo.ContentHash = file.Hash!;
                    }
                }
                else
                {
                    photo = NewPhoto(run, file, item.Metadata!);
                    db.Photos.Add(photo);
                }

                var embedding = photo.Embeddings.FirstOrDefault(e => e.ModelId == run.Model.Id);
                if (embedding is null)
                {
                    embedding = new PhotoEmbedding { ModelId = run.Model.Id, Vector = [], ContentHash = file.Hash! };
                    photo.Embeddings.Add(embedding);
                }

                embedding.Dimension = vector.Length;
                embedding.Vector = EmbeddingCodec.Encode(vector);
                embedding.ContentHash = file.Hash!;
                embedding.EmbeddedAt = now;
                embedding.IndexedAt = null;
                photos.Add((photo, vector));
            }

            var okPaths = results.Select(r => r.Item.File.File.Path).ToList();
            if (okPaths.Count > 0)
            {
                await db.FileErrors.Where(e => okPaths.Contains(e.Path)).ExecuteDeleteAsync(cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var (photo, vector) in photos)
            {
                records.Add(new VectorRecord(photo.Id, vector, PhotoPayloads.From(photo, run.Library.Name)));
            }
        }

        if (staleVectorsRequested && run.WriteIndex)
        {
            await synchronizer.ApplyRemovalsAsync(CancellationToken.None);
        }

        if (records.Count > 0 && run.WriteIndex)
        {
            // The catalog already holds these photos: finish putting them in the index even when the run is being
            // stopped, so a clean stop leaves nothing for the next run to repair.
            await index.UpsertAsync(run.Spec.Name, records, CancellationToken.None);
        }

        foreach (var batch in batches)
        {
            foreach (var item in batch.DecodeFailures)
            {
                await RecordErrorAsync(run, item.File.File, "decode", item.Error!, CancellationToken.None);
            }

            foreach (var item in batch.EncodeFailures)
            {
                await RecordErrorAsync(run, item.File.File, "embed", batch.EncodeError!, CancellationToken.None);
            }
        }

        run.Embedded += records.Count;
        return records.Select(r => r.Id).ToList();
    }

    private async Task RecordErrorAsync(RunState run, ScannedFile file, string stage, string reason, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var error = await db.FileErrors.FirstOrDefaultAsync(e => e.Path == file.Path, cancellationToken);
        if (error is null)
        {
            error = new FileError { Path = file.Path, Stage = stage, Reason = reason };
            db.FileErrors.Add(error);
        }

        error.LibraryId = run.Library.Id;
        error.Stage = stage;
        error.Reason = reason;
        error.Size = file.Size;
        error.ModifiedAt = file.ModifiedAtUtc;
        error.OccurredAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        run.Failed++;
    }

    private static Photo NewPhoto(RunState run, PendingFile file, PhotoMetadata metadata)
    {
        var now = DateTime.UtcNow;
        var photo = new Photo
        {
            LibraryId = run.Library.Id,
            Path = file.File.Path,
            ContentHash = file.Hash!,
            AddedAt = now,
            UpdatedAt = now,
        };
        ApplyMetadata(photo, file, metadata);
        return photo;
    }

    private static void ApplyMetadata(Photo photo, PendingFile file, PhotoMetadata metadata)
    {
        photo.Size = file.File.Size;
        photo.ModifiedAt = file.File.ModifiedAtUtc;
        photo.Width = metadata.Width;
        photo.Height = metadata.Height;
        photo.Format = metadata.Format;
        photo.Orientation = metadata.Orientation;
        photo.TakenAt = metadata.TakenAt;
        photo.CameraMake = metadata.CameraMake;
        photo.CameraModel = metadata.CameraModel;
        photo.Latitude = metadata.Latitude;
        photo.Longitude = metadata.Longitude;
    }

    /// <summary>Databases keep microseconds at best (PostgreSQL); file systems keep 100 ns ticks.</summary>
    private static bool SameTime(DateTime stored, DateTime onDisk) => Math.Abs((stored - onDisk).Ticks) < TimeSpan.TicksPerMicrosecond;

    private sealed record KnownPhoto(long Id, string Path, long Size, DateTime ModifiedAt, string ContentHash);

    private sealed class PendingFile(ScannedFile file)
    {
        public ScannedFile File { get; } = file;

        public long? PhotoId { get; set; }

        /// <summary>The hash the photo will be stored with.</summary>
        public string? Hash { get; set; }

        public string? NewHash { get; set; }

        public string? Error { get; set; }

        /// <summary>Whether the catalogued photo already had a vector of the run's model when planned.</summary>
        public bool HasVector { get; init; }
    }

    private sealed class IndexPlan
    {
        public long Scanned { get; set; }

        public long Unchanged { get; set; }

        public long SkippedKnownBad { get; set; }

        public List<KnownPhoto> Vanished { get; } = [];

        public List<PendingFile> Hashed { get; } = [];

        public List<PendingFile> ToEmbed { get; } = [];
    }

    private sealed class DecodedItem(PendingFile file, PhotoMetadata? metadata, float[]? pixels, string? error)
    {
        private float[]? pixels = pixels;

        public PendingFile File { get; } = file;

        public PhotoMetadata? Metadata { get; } = metadata;

        public string? Error { get; } = error;

        public float[]? Pixels => pixels;

        /// <summary>Returns the pixel buffer to the pool; safe to call twice.</summary>
        public void Release()
        {
            var buffer = Interlocked.Exchange(ref pixels, null);
            if (buffer is not null)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }

    private sealed record EncodedBatch(List<(DecodedItem Item, float[] Vector)> Results, List<DecodedItem> DecodeFailures, List<DecodedItem> EncodeFailures, string? EncodeError)
    {
        public int Count => Results.Count + DecodeFailures.Count + EncodeFailures.Count;
    }

    private sealed class RunState(Library library, IEmbeddingModel model, CollectionSpec spec)
    {
        public Library Library { get; } = library;

        public IEmbeddingModel Model { get; } = model;

        public CollectionSpec Spec { get; } = spec;

        public long Embedded { get; set; }

        public long Reused { get; set; }

        public long Failed { get; set; }

        /// <summary>Whether vectors are written to the index here; otherwise they stay pending in the catalog.</summary>
        public bool WriteIndex { get; init; } = true;

        public Action<IReadOnlyList<string>>? OnEncoded { get; init; }
    }
}
