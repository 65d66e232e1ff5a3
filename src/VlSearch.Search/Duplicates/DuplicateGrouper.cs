using System.Collections.Concurrent;
using VlSearch.Core;

namespace VlSearch.Search.Duplicates;

/// <summary>
/// Groups near-identical photos: each photo asks the vector index for its few nearest neighbours (never all pairs),
/// pairs at or above the threshold are joined with union-find, and each group gets a suggested keeper.
/// </summary>
public sealed class DuplicateGrouper(IVectorIndex index)
{
    private const int ChunkSize = 512;

    /// <summary>
    /// Looks every candidate up in <paramref name="collection"/> and keeps the neighbour pairs scoring at least
    /// <paramref name="floor"/>. Lookups run in parallel on every core; progress is reported after each chunk.
    /// </summary>
    public async Task<DuplicateScan> ScanAsync(
        string collection,
        IAsyncEnumerable<DuplicateCandidate> candidates,
        int total,
        float floor,
        int neighbours,
        IProgress<DuplicateProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        var photos = new Dictionary<long, DuplicatePhoto>();
        var pairs = new ConcurrentDictionary<(long, long), float>();
        var vectors = new ConcurrentDictionary<long, float[]>();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var chunk = new List<DuplicateCandidate>(ChunkSize);
        var done = 0;

        async Task LookUpChunkAsync()
        {
            await Parallel.ForEachAsync(chunk, parallel, async (candidate, ct) =>
            {
                // One more than asked: the photo finds itself first.
                var request = new VectorSearchRequest(candidate.Vector, neighbours + 1) { ScoreThreshold = floor };
                var found = false;
                foreach (var hit in await index.SearchAsync(collection, request, ct))
                {
                    if (hit.Id == candidate.Photo.Id || hit.Score < floor)
                    {
                        continue;
                    }

                    var key = candidate.Photo.Id < hit.Id ? (candidate.Photo.Id, hit.Id) : (hit.Id, candidate.Photo.Id);
                    pairs.AddOrUpdate(key, hit.Score, (_, old) => Math.Max(old, hit.Score));
                    found = true;
                }

                if (found)
                {
                    vectors.TryAdd(candidate.Photo.Id, candidate.Vector);
                }
            });
            done += chunk.Count;
            chunk.Clear();
            progress?.Report(new DuplicateProgress(done, Math.Max(total, done), pairs.Count));
        }

        await foreach (var candidate in candidates.WithCancellation(cancellationToken))
        {
            photos[candidate.Photo.Id] = candidate.Photo;
            chunk.Add(candidate);
            if (chunk.Count == ChunkSize)
            {
                await LookUpChunkAsync();
            }
        }

        if (chunk.Count > 0)
        {
            await LookUpChunkAsync();
        }

        // Pairs with a photo that is in the index but was not a candidate (removed from the catalog since) are dropped.
        var kept = pairs.Where(p => photos.ContainsKey(p.Key.Item1) && photos.ContainsKey(p.Key.Item2))
            .Select(p => new DuplicatePair(p.Key.Item1, p.Key.Item2, p.Value))
            .OrderBy(p => p.First).ThenBy(p => p.Second)
            .ToList();
        var paired = new Dictionary<long, DuplicatePhoto>();
        var pairedVectors = new Dictionary<long, float[]>();
        foreach (var id in kept.SelectMany(p => new[] { p.First, p.Second }).Distinct())
        {
            paired[id] = photos[id];

            // A photo can be found by a neighbour without finding it back (approximate search): read its vector.
            var vector = vectors.GetValueOrDefault(id) ?? (await index.GetAsync(collection, id, cancellationToken))?.Vector;
            if (vector is not null)
            {
                pairedVectors[id] = vector;
            }
        }

        return new DuplicateScan(floor, done, kept, paired, pairedVectors);
    }

    /// <summary>
    /// Groups the scanned pairs scoring at least <paramref name="threshold"/> (which must not be under the scan's
    /// floor). Groups come largest first, then by keeper path.
    /// </summary>
    public static IReadOnlyList<DuplicateGroup> Group(DuplicateScan scan, float threshold)
    {
        ArgumentNullException.ThrowIfNull(scan);
        if (threshold < scan.Floor)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"The scan kept pairs from {scan.Floor} only.");
        }

        var parent = new Dictionary<long, long>();
        long Find(long id)
        {
            var root = parent.TryGetValue(id, out var p) ? p : id;
            if (root == id)
            {
                return id;
            }

            root = Find(root);
            parent[id] = root;
            return root;
        }

        foreach (var pair in scan.Pairs.Where(p => p.Score >= threshold))
        {
            var (a, b) = (Find(pair.First), Find(pair.Second));
            if (a != b)
            {
                parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }

        return [.. parent.Keys.Concat(parent.Values).Distinct()
            .GroupBy(Find)
            .Select(set => BuildGroup([.. set.Select(id => scan.Photos[id])], scan.Vectors))
            .OrderByDescending(g => g.Members.Count)
            .ThenBy(g => g.Keep.Path, StringComparer.Ordinal)];
    }

    /// <summary>The keeper rule: largest resolution, then oldest, then (for a stable answer) shortest path and id.</summary>
    public static DuplicatePhoto ChooseKeeper(IEnumerable<DuplicatePhoto> photos) =>
        photos.OrderByDescending(p => p.Pixels).ThenBy(p => p.Age).ThenBy(p => p.Path.Length).ThenBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Id).First();

    private static DuplicateGroup BuildGroup(List<DuplicatePhoto> photos, IReadOnlyDictionary<long, float[]> vectors)
    {
        var keep = ChooseKeeper(photos);
        var keepVector = vectors.GetValueOrDefault(keep.Id);
        var others = photos.Where(p => p.Id != keep.Id)
            .Select(p => new DuplicateMember(p, keepVector is not null && vectors.GetValueOrDefault(p.Id) is { } v ? MathF.Round(VectorMath.Cosine(keepVector, v), 4) : 0f))
            .OrderByDescending(m => m.Score).ThenBy(m => m.Photo.Path, StringComparer.Ordinal);
        return new DuplicateGroup([new DuplicateMember(keep, 1f), .. others]);
    }
}
