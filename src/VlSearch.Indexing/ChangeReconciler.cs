using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// Settles what a scan found without the encoder: moved and renamed files keep their photo and vectors (matched by
/// content hash), copies reuse the vectors of identical content, touched files get new stat data, vanished photos
/// leave the catalog and the index. What is left to embed goes to <see cref="IndexPlan.ToEmbed"/>.
/// </summary>
internal sealed class ChangeReconciler(IDbContextFactory<CatalogDbContext> catalog, IVectorIndex index, IPhotoDecoder decoder, FileErrorRecorder errors)
{
    /// <summary>
    /// Settles hashed files: a vanished photo with the same content moved here (keeps id and vectors); a changed file
    /// whose content is the same only needs new stat data; a copy of an already embedded photo reuses its vector.
    /// Then removes what is really gone.
    /// </summary>
    public async Task ApplyAsync(RunState run, IndexPlan plan, CancellationToken cancellationToken)
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
                await errors.RecordAsync(run, item.File, "scan", item.Error, cancellationToken);
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

        // Moved photos keep their vectors, but every collection holding them needs the new path in its payload, and
        // the keyword index their new name and folders.
        await new KeywordIndexer(catalog).RefreshAsync(movedIds, cancellationToken);
        run.Reused += moved.Count;
        plan.ToEmbed.AddRange(touched.Where(item => !item.HasVector));

        await RemovePhotosAsync([.. plan.Vanished.Select(p => p.Id)], cancellationToken);

        await ReuseIdenticalContentAsync(run, newFiles, plan, cancellationToken);
        await RepublishAsync(moved.Select(m => m.From.Id).ToList(), cancellationToken);
    }

    /// <summary>Removes from the catalog (and the index) the photos of a library whose files no longer exist.</summary>
    /// <returns>The number of photos removed.</returns>
    public async Task<int> RemoveVanishedAsync(int libraryId, CancellationToken cancellationToken)
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
                await errors.RecordAsync(run, item.File, "decode", e.Message, cancellationToken);
                continue;
            }

            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var donorEmbeddings = await db.Embeddings.AsNoTracking().Where(e => e.PhotoId == donorId).ToListAsync(cancellationToken);
            var photo = PhotoRecords.New(run.Library, item, metadata);
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
            await KeywordIndexer.WriteAsync(db, [photo], run.Library, cancellationToken);
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
}
