using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;

namespace VlSearch.Indexing;

/// <summary>
/// Keeps the catalog's keyword index in step with its photos. The indexer calls it for what it writes (new and changed
/// files, moves, copies) and completes any photo left without a document at every scan; <see cref="RebuildAsync"/>
/// recreates the index from the catalog. Deleted photos need nothing: the database removes their documents.
/// </summary>
public sealed class KeywordIndexer(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>Photos written per transaction.</summary>
    public const int ChunkSize = 500;

    /// <summary>
    /// Forgets the documents of every photo, or of one library's, and writes them again from the catalog and the
    /// sidecar files; creates the index first if it was dropped.
    /// </summary>
    /// <returns>The number of documents written.</returns>
    public async Task<int> RebuildAsync(int? libraryId = null, CancellationToken cancellationToken = default)
    {
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            await db.Keywords.EnsureCreatedAsync(db, cancellationToken);
            await db.Keywords.ClearAsync(db, libraryId, cancellationToken);
        }

        return await FillMissingAsync(libraryId, cancellationToken);
    }

    /// <summary>Writes the documents of photos that have none, of every library or one.</summary>
    /// <returns>The number of documents written.</returns>
    public async Task<int> FillMissingAsync(int? libraryId = null, CancellationToken cancellationToken = default)
    {
        var written = 0;
        var lastId = long.MinValue;
        while (true)
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var missing = await db.Keywords.FindMissingAsync(db, libraryId, ChunkSize, cancellationToken);
            if (missing.Count == 0)
            {
                return written;
            }

            // Ids come in order and each chunk gets its documents, so a chunk that starts at or before the last one's
            // end means documents are not being stored: stop instead of going round for ever.
            if (missing[0] <= lastId)
            {
                throw new InvalidOperationException($"The keyword index did not keep the document of photo {missing[0]}.");
            }

            lastId = missing[^1];

            await RefreshAsync(db, missing, cancellationToken);
            written += missing.Count;
        }
    }

    /// <summary>
    /// Writes again the documents of photos whose caption file changed while the photo did not, and marks their rows
    /// as written now so the next scan does not pick them again.
    /// </summary>
    public async Task RefreshSidecarsAsync(IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        if (photoIds.Count == 0)
        {
            return;
        }

        var now = DateTime.UtcNow;
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await RefreshAsync(db, photoIds, cancellationToken);
        foreach (var chunk in photoIds.Chunk(ChunkSize))
        {
            await CatalogProbe.TouchAsync(db, chunk, now, cancellationToken);
        }
    }

    /// <summary>Writes again the documents of the given photos from the catalog, in one transaction per chunk.</summary>
    public async Task RefreshAsync(IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        if (photoIds.Count == 0)
        {
            return;
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await RefreshAsync(db, photoIds, cancellationToken);
    }

    /// <summary>Writes the documents of photos the caller has at hand (saved, with ids), on its context and transaction.</summary>
    internal static Task WriteAsync(CatalogDbContext db, IEnumerable<Photo> photos, Library library, CancellationToken cancellationToken) =>
        db.Keywords.UpsertAsync(db, [.. photos.Select(p => KeywordDocuments.For(p, library))], cancellationToken);

    private static async Task RefreshAsync(CatalogDbContext db, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in photoIds.Chunk(ChunkSize))
        {
            var photos = await db.Photos.AsNoTracking().Include(p => p.Library).Where(p => chunk.Contains(p.Id)).ToListAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Keywords.UpsertAsync(db, [.. photos.Select(p => KeywordDocuments.For(p, p.Library!))], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
