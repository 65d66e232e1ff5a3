namespace VlSearch.Catalog;

/// <summary>Queries that the catalog's indexes are built for.</summary>
public static class CatalogQueries
{
    /// <summary>Photos with the given content hash (moved-file and duplicate detection); served by an index.</summary>
    public static IQueryable<Photo> WithContentHash(this IQueryable<Photo> photos, string contentHash) =>
        photos.Where(p => p.ContentHash == contentHash);

    /// <summary>Embeddings of <paramref name="modelId"/> not yet written to the vector index; served by an index.</summary>
    public static IQueryable<PhotoEmbedding> NotIndexed(this IQueryable<PhotoEmbedding> embeddings, string modelId) =>
        embeddings.Where(e => e.ModelId == modelId && e.IndexedAt == null);
}
