using VlSearch.Core;

namespace VlSearch.Indexing.Tests;

/// <summary>A vector index test double that keeps collections in dictionaries; enough to see what the indexer wrote.</summary>
public sealed class InMemoryVectorIndex : IVectorIndex
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<long, VectorRecord>> collections = new(StringComparer.Ordinal);

    /// <summary>Written and read by this process only, like the embedded index.</summary>
    public VectorIndexCapabilities Capabilities => VectorIndexCapabilities.Writable | VectorIndexCapabilities.EmbeddedOnLocalDisk;

    /// <summary>The records of a collection, empty when it does not exist.</summary>
    public IReadOnlyDictionary<long, VectorRecord> Collection(string modelId)
    {
        lock (gate)
        {
            return collections.TryGetValue(CollectionNames.ForModel(modelId), out var records)
                ? new Dictionary<long, VectorRecord>(records)
                : new Dictionary<long, VectorRecord>();
        }
    }

    public Task EnsureCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            collections.TryAdd(spec.Name, []);
        }

        return Task.CompletedTask;
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var target = collections[collection];
            foreach (var record in records)
            {
                target[record.Id] = record;
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string collection, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (collections.TryGetValue(collection, out var target))
            {
                foreach (var id in ids)
                {
                    target.Remove(id);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<VectorRecord?> GetAsync(string collection, long id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(collections.TryGetValue(collection, out var target) && target.TryGetValue(id, out var record) ? record : null);
        }
    }

    /// <summary>Exact search: every vector scored by cosine, filtered in process, best first (ties by id).</summary>
    public Task<IReadOnlyList<ScoredPhoto>> SearchAsync(string collection, VectorSearchRequest request, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<ScoredPhoto> hits = !collections.TryGetValue(collection, out var records)
                ? []
                : records.Values
                    .Where(r => request.Filter is null || request.Filter.Matches(r.Payload))
                    .Select(r => new ScoredPhoto(r.Id, VectorMath.Cosine(request.Vector, r.Vector), r.Payload))
                    .Where(h => request.ScoreThreshold is not { } threshold || h.Score >= threshold)
                    .OrderByDescending(h => h.Score)
                    .ThenBy(h => h.Id)
                    .Skip(request.Offset)
                    .Take(request.K)
                    .ToList();
            return Task.FromResult(hits);
        }
    }

    public Task<long> CountAsync(string collection, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(collections.TryGetValue(collection, out var target) ? (long)target.Count : 0L);
        }
    }

    public Task DropCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            collections.Remove(collection);
        }

        return Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
