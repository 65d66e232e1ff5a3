using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// Compares the files on disk with the catalog: what is unchanged, new, changed (hashed to tell a touch from new
/// content), known to fail, or vanished. Reads the catalog only; <see cref="ChangeReconciler"/> acts on the plan.
/// </summary>
internal sealed class ScanPlanner(IDbContextFactory<CatalogDbContext> catalog, IPhotoDecoder decoder, IndexingOptions options, FileErrorRecorder errors)
{
    /// <summary>Scans the run's library and hashes every file that is new or whose size or time changed.</summary>
    public async Task<IndexPlan> PlanAsync(RunState run, IProgress<IndexProgress>? progress, CancellationToken cancellationToken)
    {
        Dictionary<string, KnownPhoto> known;
        Dictionary<long, DateTime> written;
        IReadOnlySet<long> embedded;
        Dictionary<string, (long Size, DateTime ModifiedAt)> knownBad;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            // Plain SQL: an unchanged library's re-index is mostly this read, and compiling it as LINQ costs more.
            var state = await CatalogProbe.ScanStateAsync(db, run.Library.Id, run.Model.Id, cancellationToken);
            known = new Dictionary<string, KnownPhoto>(state.Photos.Count, StringComparer.Ordinal);
            written = new Dictionary<long, DateTime>(state.Photos.Count);
            foreach (var p in state.Photos)
            {
                known[p.Path] = new KnownPhoto(p.Id, p.Path, p.Size, p.ModifiedAt, p.ContentHash);
                written[p.Id] = p.UpdatedAt;
            }

            embedded = state.Embedded;
            knownBad = new Dictionary<string, (long, DateTime)>(state.Failed.Count, StringComparer.Ordinal);
            foreach (var f in state.Failed)
            {
                knownBad[f.Path] = (f.Size, f.ModifiedAt);
            }
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
                var same = photo.Size == file.Size && PhotoRecords.SameTime(photo.ModifiedAt, file.ModifiedAtUtc);
                if (same && embedded.Contains(photo.Id))
                {
                    plan.Unchanged++;
                    if (KeywordDocuments.SidecarChangedSince(file.Path, written[photo.Id]))
                    {
                        plan.SidecarChanged.Add(photo.Id);
                    }

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

            if (knownBad.TryGetValue(file.Path, out var bad) && bad.Size == file.Size && PhotoRecords.SameTime(bad.ModifiedAt, file.ModifiedAtUtc))
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
    /// Reads a library and what the catalog holds about the given files, in one context: which photo each path is
    /// and the content its vector of <paramref name="modelId"/> was computed from.
    /// </summary>
    public async Task<(Library Library, Dictionary<string, CataloguedFile> Known)> LoadBatchAsync(int libraryId, IReadOnlyList<string> paths, string modelId, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var library = await LibraryRegistry.FindAsync(db, libraryId, cancellationToken);
        var known = new Dictionary<string, CataloguedFile>(StringComparer.Ordinal);
        foreach (var chunk in paths.Chunk(500))
        {
            var rows = await db.Photos.AsNoTracking()
                .Where(p => chunk.Contains(p.Path))
                .Select(p => new { p.Id, p.Path, p.Size, p.ModifiedAt, p.ContentHash, Embedded = p.Embeddings.Where(e => e.ModelId == modelId).Select(e => e.ContentHash).FirstOrDefault() })
                .ToListAsync(cancellationToken);
            foreach (var r in rows)
            {
                known[r.Path] = new CataloguedFile(r.Id, r.Size, r.ModifiedAt, r.ContentHash, r.Embedded);
            }
        }

        return (library, known);
    }

    /// <summary>
    /// Picks the files of a batch that still need the run's model: a file whose current content already has its
    /// vector is skipped, so a retried or duplicated batch never embeds twice.
    /// </summary>
    public async Task<(List<PendingFile> Work, long Skipped, long Missing)> SelectBatchWorkAsync(RunState run, IReadOnlyList<string> paths, Dictionary<string, CataloguedFile> known, CancellationToken cancellationToken)
    {
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
            var found = known.TryGetValue(file.Path, out var photo);
            if (found && photo.EmbeddedHash == photo.Hash && photo.Size == file.Size && PhotoRecords.SameTime(photo.ModifiedAt, file.ModifiedAtUtc))
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
                await errors.RecordAsync(run, file, "scan", $"cannot read file: {e.Message}", cancellationToken);
                continue;
            }

            if (found && photo.EmbeddedHash == hash && photo.Hash == hash)
            {
                skipped++;
                continue;
            }

            work.Add(new PendingFile(file) { PhotoId = found ? photo.Id : null, Hash = hash });
        }

        return (work, skipped, missing);
    }
}
