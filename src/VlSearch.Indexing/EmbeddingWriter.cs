using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// Stores the vectors of one run: the catalog first, several batches per transaction, then the index, which is
/// saved every <see cref="IndexingOptions.FlushEveryBatches"/> batches and marked indexed in the catalog. A kill at
/// any moment leaves vectors the synchronizer completes on the next run, never duplicates.
/// </summary>
internal sealed class EmbeddingWriter(
    IDbContextFactory<CatalogDbContext> catalog,
    IVectorIndex index,
    IndexSynchronizer synchronizer,
    FileErrorRecorder errors,
    IndexingOptions options,
    RunState run,
    IProgress<IndexProgress>? progress,
    int total) : IEncodedBatchSink
{
    private readonly List<long> sinceFlush = [];
    private int batchesSinceFlush;
    private long processed;

    public async Task WriteAsync(List<EncodedBatch> batches, int files, CancellationToken cancellationToken)
    {
        var written = await WriteBatchesAsync(batches, cancellationToken);
        sinceFlush.AddRange(written);
        batchesSinceFlush += batches.Count;
        if (batchesSinceFlush >= options.FlushEveryBatches)
        {
            await FlushAsync(cancellationToken);
            batchesSinceFlush = 0;
        }

        processed += files;
        progress?.Report(new IndexProgress(IndexPhase.Embedding, processed, total, run.Failed));
    }

    // Whatever the catalog holds is made durable in the index before leaving, also on Ctrl+C.
    public Task CompleteAsync() => FlushAsync(CancellationToken.None);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (sinceFlush.Count == 0 || !run.WriteIndex)
        {
            sinceFlush.Clear();
            return;
        }

        await index.FlushAsync(cancellationToken);
        await synchronizer.MarkIndexedAsync(run.Model.Id, sinceFlush, cancellationToken);
        sinceFlush.Clear();
    }

    private async Task<List<long>> WriteBatchesAsync(List<EncodedBatch> batches, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var results = batches.SelectMany(b => b.Results).ToList();
        var records = new List<VectorRecord>(results.Count);
        var staleVectorsRequested = false;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            // A photo and its keywords are stored together, so a kill between them cannot leave stale keywords.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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
                    PhotoRecords.ApplyMetadata(photo, file, item.Metadata!);
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
                    photo = PhotoRecords.New(run.Library, file, item.Metadata!);
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
            await KeywordIndexer.WriteAsync(db, photos.Select(p => p.Photo), run.Library, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
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
                await errors.RecordAsync(run, item.File.File, "decode", item.Error!, CancellationToken.None);
            }

            foreach (var item in batch.EncodeFailures)
            {
                await errors.RecordAsync(run, item.File.File, "embed", batch.EncodeError!, CancellationToken.None);
            }
        }

        run.Embedded += records.Count;
        return records.Select(r => r.Id).ToList();
    }
}
