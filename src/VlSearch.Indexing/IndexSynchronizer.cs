using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// Keeps a vector index in step with the catalog, which holds every vector and is the source of truth. After a crash
/// or with a lost or corrupt index file, the index is completed or rebuilt from stored vectors, never re-embedded.
/// </summary>
public sealed class IndexSynchronizer(IDbContextFactory<CatalogDbContext> catalog, IVectorIndex index)
{
    private const int PageSize = 512;

    /// <summary>
    /// Writes vectors the index may not have yet, then checks the count; a mismatch means the index holds vectors it
    /// should not (or lost some), so it is rebuilt from the catalog.
    /// </summary>
    /// <returns>True when a full rebuild was needed.</returns>
    public async Task<bool> EnsureConsistentAsync(string modelId, int dimension, IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var spec = new CollectionSpec(modelId, dimension);
        await index.EnsureCollectionAsync(spec, cancellationToken);
        (long Removals, long Stored, long Pending) work;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            work = await CatalogProbe.IndexWorkAsync(db, modelId, cancellationToken);
        }

        // Usually nothing waits: one counting query then stands for the removal and pending-write passes.
        if (work.Removals > 0)
        {
            await ApplyRemovalsAsync(cancellationToken);
        }

        if (work.Pending > 0)
        {
            await WritePendingAsync(spec, cancellationToken);
        }

        var expected = work.Stored;

        var actual = await index.CountAsync(spec.Name, cancellationToken);
        if (actual == expected)
        {
            return false;
        }

        await RebuildAsync(modelId, dimension, progress, cancellationToken);
        return true;
    }

    /// <summary>Drops the model's collection and writes every stored vector again.</summary>
    public async Task<long> RebuildAsync(string modelId, int dimension, IProgress<IndexProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var spec = new CollectionSpec(modelId, dimension);
        await index.DropCollectionAsync(spec.Name, cancellationToken);
        await index.EnsureCollectionAsync(spec, cancellationToken);
        long total;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            total = await db.Embeddings.LongCountAsync(e => e.ModelId == modelId, cancellationToken);
        }

        long written = 0;
        long lastId = long.MinValue;
        while (true)
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var page = await db.Embeddings.AsNoTracking()
                .Where(e => e.ModelId == modelId && e.PhotoId > lastId)
                .OrderBy(e => e.PhotoId)
                .Take(PageSize)
                .Select(e => new { e.PhotoId, e.Vector, e.Dimension, Photo = e.Photo!, LibraryName = e.Photo!.Library!.Name })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var records = page
                .Where(e => e.Dimension == dimension)
                .Select(e => new VectorRecord(e.PhotoId, EmbeddingCodec.Decode(e.Vector), PhotoPayloads.From(e.Photo, e.LibraryName)))
                .ToList();
            await index.UpsertAsync(spec.Name, records, cancellationToken);
            written += records.Count;
            lastId = page[^1].PhotoId;
            progress?.Report(new IndexProgress(IndexPhase.Saving, written, total, 0));
        }

        await index.FlushAsync(cancellationToken);
        await MarkIndexedAsync(modelId, null, cancellationToken);
        return written;
    }

    /// <summary>
    /// Pushes every vector still pending (<c>IndexedAt</c> null) to the index, saves it, and marks exactly the
    /// vectors written, so rows other processes add meanwhile stay pending for the next call. Safe to call often.
    /// </summary>
    /// <returns>The number of vectors written.</returns>
    public async Task<long> SyncPendingAsync(CancellationToken cancellationToken = default)
    {
        await ApplyRemovalsAsync(cancellationToken);
        List<(string Model, int Dimension)> spaces;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            spaces = (await db.Embeddings.Where(e => e.IndexedAt == null).Select(e => new { e.ModelId, e.Dimension }).Distinct().ToListAsync(cancellationToken))
                .Select(s => (s.ModelId, s.Dimension))
                .ToList();
        }

        long written = 0;
        foreach (var (modelId, dimension) in spaces)
        {
            var spec = new CollectionSpec(modelId, dimension);
            await index.EnsureCollectionAsync(spec, cancellationToken);
            written += await WritePendingAsync(spec, cancellationToken);
        }

        return written;
    }

    /// <summary>
    /// Deletes from the index the vectors that catalog changes made stale (<see cref="IndexRemoval"/>), saves the
    /// index, then forgets the requests applied. A vector the catalog holds again since the request is kept: it is
    /// the current one, or a pending write replaces it. Safe to call often and from several processes.
    /// </summary>
    /// <returns>The number of vectors deleted.</returns>
    public async Task<long> ApplyRemovalsAsync(CancellationToken cancellationToken = default)
    {
        long removed = 0;
        while (true)
        {
            List<IndexRemoval> page;
            HashSet<(string ModelId, long PhotoId)> stored;
            await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
            {
                page = await db.IndexRemovals.AsNoTracking().OrderBy(r => r.Id).Take(PageSize).ToListAsync(cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                var photoIds = page.Select(r => r.PhotoId).Distinct().ToList();
                stored = [.. (await db.Embeddings.AsNoTracking()
                        .Where(e => photoIds.Contains(e.PhotoId))
                        .Select(e => new { e.ModelId, e.PhotoId })
                        .ToListAsync(cancellationToken))
                    .Select(e => (e.ModelId, e.PhotoId))];
            }

            foreach (var group in page.Where(r => !stored.Contains((r.ModelId, r.PhotoId))).GroupBy(r => r.ModelId, StringComparer.Ordinal))
            {
                var ids = group.Select(r => r.PhotoId).Distinct().ToList();
                await index.DeleteAsync(CollectionNames.ForModel(group.Key), ids, cancellationToken);
                removed += ids.Count;
            }

            await index.FlushAsync(cancellationToken);
            var applied = page.Select(r => r.Id).ToList();
            await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
            {
                await db.IndexRemovals.Where(r => applied.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            }
        }

        return removed;
    }

    /// <summary>
    /// Upserts the collection's vectors the catalog has not yet seen saved in the index (idempotent), saves the index,
    /// and marks exactly the vectors written, so rows other processes add meanwhile stay pending for the next call.
    /// </summary>
    /// <returns>The number of vectors written.</returns>
    private async Task<long> WritePendingAsync(CollectionSpec spec, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        long lastId = long.MinValue;
        while (true)
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var page = await db.Embeddings.AsNoTracking()
                .Where(e => e.ModelId == spec.ModelId && e.Dimension == spec.Dimension && e.IndexedAt == null && e.PhotoId > lastId)
                .OrderBy(e => e.PhotoId)
                .Take(PageSize)
                .Select(e => new { e.PhotoId, e.Vector, Photo = e.Photo!, LibraryName = e.Photo!.Library!.Name })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            await index.UpsertAsync(spec.Name, [.. page.Select(e => new VectorRecord(e.PhotoId, EmbeddingCodec.Decode(e.Vector), PhotoPayloads.From(e.Photo, e.LibraryName)))], cancellationToken);
            ids.AddRange(page.Select(e => e.PhotoId));
            lastId = page[^1].PhotoId;
        }

        if (ids.Count > 0)
        {
            await index.FlushAsync(cancellationToken);
            await MarkIndexedAsync(spec.ModelId, ids, cancellationToken);
        }

        return ids.Count;
    }

    /// <summary>Records that vectors are durable in the index; called only after a successful flush.</summary>
    internal async Task MarkIndexedAsync(string modelId, IReadOnlyCollection<long>? photoIds, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var query = db.Embeddings.Where(e => e.ModelId == modelId && e.IndexedAt == null);
        if (photoIds is not null)
        {
            foreach (var chunk in photoIds.Chunk(500))
            {
                await query.Where(e => chunk.Contains(e.PhotoId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.IndexedAt, now), cancellationToken);
            }

            return;
        }

        await query.ExecuteUpdateAsync(s => s.SetProperty(e => e.IndexedAt, now), cancellationToken);
    }
}
