using System.Collections.Concurrent;
using VlSearch.Core.Matching;

namespace VlSearch.Indexing.Tests.Reranking;

/// <summary>A test double of the features store: features in a dictionary, and a count of each kind of call.</summary>
public sealed class InMemoryImageFeatureStoreDouble : IImageFeatureStore
{
    private readonly ConcurrentDictionary<(string Matcher, long Photo), float[]> features = new();

    public int Reads { get; private set; }

    public int Writes { get; private set; }

    public IReadOnlyList<long> LastRead { get; private set; } = [];

    public bool HasFeatures(string matcherId, long photoId) => features.ContainsKey((matcherId, photoId));

    public void Put(string matcherId, long photoId, float[] vector) => features[(matcherId, photoId)] = vector;

    public Task<IReadOnlyDictionary<long, float[]>> GetAsync(string matcherId, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default)
    {
        Reads++;
        LastRead = [.. photoIds];
        IReadOnlyDictionary<long, float[]> found = photoIds
            .Where(id => features.ContainsKey((matcherId, id)))
            .Distinct()
            .ToDictionary(id => id, id => features[(matcherId, id)]);
        return Task.FromResult(found);
    }

    public Task PutAsync(string matcherId, IReadOnlyList<KeyValuePair<long, float[]>> items, CancellationToken cancellationToken = default)
    {
        Writes++;
        foreach (var (id, vector) in items)
        {
            features[(matcherId, id)] = vector;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<long>> MissingAsync(string matcherId, long afterId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<long>>([]);

    public Task<int> CountAsync(string matcherId, CancellationToken cancellationToken = default) =>
        Task.FromResult(features.Keys.Count(k => k.Matcher == matcherId));

    public Task RemoveAsync(string matcherId, CancellationToken cancellationToken = default)
    {
        foreach (var key in features.Keys.Where(k => k.Matcher == matcherId).ToList())
        {
            features.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }
}
