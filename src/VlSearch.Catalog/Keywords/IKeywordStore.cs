namespace VlSearch.Catalog.Keywords;

/// <summary>
/// The keyword (full-text) index of the catalog's photos, kept in the catalog database itself: SQLite FTS5 in embedded
/// mode, PostgreSQL full text in server mode. Each provider brings its own; a context finds it as
/// <see cref="CatalogDbContext.Keywords"/>. Every call runs on the given context's connection and inside its current
/// transaction, so a photo and its keywords are written together. Deleting a photo row removes its document by itself
/// (a trigger or a cascading key), so only writers of new or changed text call <see cref="UpsertAsync"/>.
/// </summary>
public interface IKeywordStore
{
    /// <summary>Creates the index where it is missing (normally the migrations did); safe to call at any time.</summary>
    Task EnsureCreatedAsync(CatalogDbContext db, CancellationToken cancellationToken = default);

    /// <summary>Replaces the documents of the given photos; the photos must exist in the catalog.</summary>
    Task UpsertAsync(CatalogDbContext db, IReadOnlyCollection<KeywordDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Removes the documents of the given photos; unknown ids are ignored.</summary>
    Task DeleteAsync(CatalogDbContext db, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default);

    /// <summary>Removes every document, or those of one library's photos.</summary>
    Task ClearAsync(CatalogDbContext db, int? libraryId = null, CancellationToken cancellationToken = default);

    /// <summary>Number of documents, or of one library's photos.</summary>
    Task<long> CountAsync(CatalogDbContext db, int? libraryId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ids of photos that have no document (left without one by a crash, an upgraded catalog, a dropped index), in id
    /// order, at most <paramref name="limit"/>; of one library when set.
    /// </summary>
    Task<IReadOnlyList<long>> FindMissingAsync(CatalogDbContext db, int? libraryId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The best matching photos, best first (ties by photo id). <see cref="KeywordHit.Score"/> is higher for better
    /// matches; its scale is the engine's own (BM25 in SQLite, ts_rank in PostgreSQL), so compare ranks, not scores,
    /// across providers.
    /// </summary>
    Task<IReadOnlyList<KeywordHit>> SearchAsync(CatalogDbContext db, KeywordQuery query, CancellationToken cancellationToken = default);
}
