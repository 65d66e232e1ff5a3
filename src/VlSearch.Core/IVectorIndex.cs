namespace VlSearch.Core;

/// <summary>
/// A store of vectors grouped in collections, one per model. Implementations: embedded USearch (default), Qdrant.
/// Every implementation passes the same conformance suite.
/// </summary>
public interface IVectorIndex : IAsyncDisposable
{
    /// <summary>
    /// What this instance can do; fixed for its lifetime. Callers branch on this, never on the concrete type or on a
    /// provider name.
    /// </summary>
    VectorIndexCapabilities Capabilities { get; }

    /// <summary>Creates the collection if it does not exist; fails if it exists with another dimension.</summary>
    Task EnsureCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces vectors by id. Vectors of the wrong length are rejected.</summary>
    Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>Removes vectors by id; unknown ids are ignored.</summary>
    Task DeleteAsync(string collection, IReadOnlyList<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Returns the stored vector and payload, or null.</summary>
    Task<VectorRecord?> GetAsync(string collection, long id, CancellationToken cancellationToken = default);

    /// <summary>Best matches first, scored by similarity (cosine for cosine collections).</summary>
    Task<IReadOnlyList<ScoredPhoto>> SearchAsync(string collection, VectorSearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Number of vectors in the collection (0 when it does not exist).</summary>
    Task<long> CountAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>Removes the collection and all its vectors.</summary>
    Task DropCollectionAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>Makes everything written so far durable (a no-op for servers that persist on write).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
