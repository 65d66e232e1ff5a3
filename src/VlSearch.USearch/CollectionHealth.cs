namespace VlSearch.USearch;

/// <summary>
/// What <see cref="USearchVectorIndex.VerifyAsync"/> found for one collection. When <see cref="NeedsRebuild"/> is
/// true the files were missing or damaged: the collection still opens (possibly empty) and accepts writes, and the
/// application rebuilds it from the catalog with drop, ensure, upsert and flush. The flag survives restarts until
/// the collection is dropped, so a half-finished rebuild is never mistaken for a healthy collection.
/// </summary>
/// <param name="Collection">Collection name.</param>
/// <param name="Exists">Whether the collection exists in memory or on disk.</param>
/// <param name="LoadedCleanly">True when the last saved state was loaded and passed every check (or the collection is new).</param>
/// <param name="NeedsRebuild">True when vectors may have been lost and the collection must be rebuilt from the catalog.</param>
/// <param name="VectorCount">Vectors in the native index.</param>
/// <param name="PayloadCount">Entries in the payload sidecar (the count reported by <c>CountAsync</c>).</param>
/// <param name="Dimension">Vector length, or null when it could not be read.</param>
/// <param name="Problem">Why a rebuild is needed, or null.</param>
public sealed record CollectionHealth(
    string Collection,
    bool Exists,
    bool LoadedCleanly,
    bool NeedsRebuild,
    long VectorCount,
    long PayloadCount,
    int? Dimension,
    string? Problem);
