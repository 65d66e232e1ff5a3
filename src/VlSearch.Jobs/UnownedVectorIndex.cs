using VlSearch.Core;

namespace VlSearch.Jobs;

/// <summary>
/// Stands in for the embedded index in a worker that does not own it: only one process may open a USearch folder,
/// so such a worker writes vectors to the catalog only, and any attempt to reach the index is a bug made loud.
/// </summary>
internal sealed class UnownedVectorIndex : IVectorIndex
{
    public VectorIndexCapabilities Capabilities => VectorIndexCapabilities.EmbeddedOnLocalDisk;

    public Task EnsureCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default) => throw NotOwned();

    public Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default) => throw NotOwned();

    public Task DeleteAsync(string collection, IReadOnlyList<long> ids, CancellationToken cancellationToken = default) => throw NotOwned();

    public Task<VectorRecord?> GetAsync(string collection, long id, CancellationToken cancellationToken = default) => throw NotOwned();

    public Task<IReadOnlyList<ScoredPhoto>> SearchAsync(string collection, VectorSearchRequest request, CancellationToken cancellationToken = default) => throw NotOwned();

    public Task<long> CountAsync(string collection, CancellationToken cancellationToken = default) => throw NotOwned();

    public Task DropCollectionAsync(string collection, CancellationToken cancellationToken = default) => throw NotOwned();

    public Task FlushAsync(CancellationToken cancellationToken = default) => throw NotOwned();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static InvalidOperationException NotOwned() =>
        new("This worker does not own the embedded vector index (Indexer:OwnsIndex is false); the owning process writes it.");
}
