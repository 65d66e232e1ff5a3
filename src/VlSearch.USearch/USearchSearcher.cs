using System.Numerics.Tensors;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// Answers one search over a collection's contents: exact scans for small collections and selective filters, graph
/// traversal otherwise, re-ranked with the half-precision copies when the collection keeps them. Made per search
/// under the collection's read lock; it never writes.
/// </summary>
internal sealed class USearchSearcher
{
    private readonly NativeIndex _native;
    private readonly RescoreStore? _rescore;
    private readonly Dictionary<long, PhotoPayload> _payloads;
    private readonly int _dimension;
    private readonly DistanceMetric _metric;
    private readonly USearchOptions _options;
    private readonly SemaphoreSlim _searchSlots;
    private readonly ExactMatrixCache _exact;

    public USearchSearcher(
        NativeIndex native,
        RescoreStore? rescore,
        Dictionary<long, PhotoPayload> payloads,
        int dimension,
        DistanceMetric metric,
        USearchOptions options,
        SemaphoreSlim searchSlots,
        ExactMatrixCache exact)
    {
        _native = native;
        _rescore = rescore;
        _payloads = payloads;
        _dimension = dimension;
        _metric = metric;
        _options = options;
        _searchSlots = searchSlots;
        _exact = exact;
    }

    /// <summary>The best copy of a stored vector: the half-precision one when rescoring, else the index's own.</summary>
    public static bool StoredVector(NativeIndex native, RescoreStore? rescore, long id, Span<float> destination) =>
        rescore is not null ? rescore.TryGet(id, destination) : native.Get((ulong)id, destination);

    /// <summary>Up to <paramref name="need"/> ids passing the filter, best first.</summary>
    public List<(long Id, float Score)> Search(float[] query, int need, PhotoFilter? filter, CancellationToken cancellationToken)
    {
        var count = _payloads.Count;
        if (filter is null)
        {
            return count < _options.ExactSearchBelow
                ? ExactOverAll(query, need, null)
                : RankedGraph(query, need, null, cancellationToken);
        }

        return FilteredSearch(query, need, filter, count, cancellationToken);
    }

    private List<(long Id, float Score)> FilteredSearch(
        float[] query, int need, PhotoFilter filter, int count, CancellationToken cancellationToken)
    {
        // Graph traversal under a very selective filter wanders through rejected nodes and misses matches; a
        // small subset is cheaper and exact when scanned directly. The scan stops as soon as the subset is
        // known to be too large for that.
        var exactLimit = count < _options.ExactSearchBelow
            ? int.MaxValue
            : Math.Max(_options.ExactSearchBelow - 1, (int)(count * _options.FilteredExactFraction));
        var matching = Matching(filter, exactLimit);
        if (matching is not null)
        {
            if (matching.Count == 0)
            {
                return [];
            }

            need = Math.Min(need, matching.Count);
            return count < _options.ExactSearchBelow
                ? ExactOverAll(query, need, matching.ToHashSet())
                : ExactOverSubset(query, need, matching);
        }

        var hits = RankedGraph(query, need, key => _payloads.TryGetValue((long)key, out var payload) && filter.Matches(payload), cancellationToken);
        if (hits.Count >= need)
        {
            return hits;
        }

        // The traversal ran out of matching candidates before filling the page: answer exactly.
        var all = Matching(filter, int.MaxValue)!;
        return ExactOverSubset(query, Math.Min(need, all.Count), all);
    }

    /// <summary>Ids passing the filter, or null once more than <paramref name="limit"/> do.</summary>
    private List<long>? Matching(PhotoFilter filter, int limit)
    {
        var matching = new List<long>();
        foreach (var (id, payload) in _payloads)
        {
            if (filter.Matches(payload))
            {
                if (matching.Count == limit)
                {
                    return null;
                }

                matching.Add(id);
            }
        }

        return matching;
    }

    /// <summary>Graph search; for rescored collections an oversampled candidate list re-ranked with the copies.</summary>
    private List<(long Id, float Score)> RankedGraph(float[] query, int need, Func<ulong, bool>? predicate, CancellationToken cancellationToken)
    {
        if (_rescore is null)
        {
            return Graph(query, need, predicate, cancellationToken);
        }

        var wide = (int)Math.Min(_payloads.Count, Math.Max(need, (long)need * _options.RescoreOversampling));
        var candidates = Graph(query, wide, predicate, cancellationToken);
        var q = PrepareQuery(query);
        var buffer = new float[_dimension];
        var rescored = new List<(long Id, float Score)>(candidates.Count);
        foreach (var (id, _) in candidates)
        {
            if (TryVector(id, buffer))
            {
                rescored.Add((id, Score(buffer, q)));
            }
        }

        rescored.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (rescored.Count > need)
        {
            rescored.RemoveRange(need, rescored.Count - need);
        }

        return rescored;
    }

    private List<(long Id, float Score)> Graph(float[] query, int need, Func<ulong, bool>? predicate, CancellationToken cancellationToken)
    {
        var keys = new ulong[need];
        var distances = new float[need];
        _searchSlots.Wait(cancellationToken);
        int found;
        try
        {
            found = predicate is null
                ? _native.Search(query, keys, distances)
                : _native.FilteredSearch(query, predicate, keys, distances);
        }
        finally
        {
            _searchSlots.Release();
        }

        var hits = new List<(long Id, float Score)>(found);
        for (var i = 0; i < found; i++)
        {
            // USearch reports distances: 1 - cosine for cos, 1 - dot for ip.
            hits.Add(((long)keys[i], 1f - distances[i]));
        }

        return hits;
    }

    private List<(long Id, float Score)> ExactOverAll(float[] query, int need, HashSet<long>? allowed)
    {
        var matrix = _exact.Get(_payloads, _dimension, _metric, _native, _rescore);
        var q = PrepareQuery(query);
        var heap = new PriorityQueue<long, float>(need + 1);
        var dimension = _dimension;
        for (var row = 0; row < matrix.Ids.Length; row++)
        {
            var id = matrix.Ids[row];
            if (allowed is not null && !allowed.Contains(id))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(matrix.Vectors.AsSpan(row * dimension, dimension), q);
            TopK(heap, need, id, score);
        }

        return Drain(heap);
    }

    private List<(long Id, float Score)> ExactOverSubset(float[] query, int need, List<long> ids)
    {
        var q = PrepareQuery(query);
        var buffer = new float[_dimension];
        var heap = new PriorityQueue<long, float>(need + 1);
        foreach (var id in ids)
        {
            if (TryVector(id, buffer))
            {
                TopK(heap, need, id, Score(buffer, q));
            }
        }

        return Drain(heap);
    }

    /// <summary>Similarity of a stored vector to a query prepared by <see cref="PrepareQuery"/>.</summary>
    private float Score(float[] vector, float[] preparedQuery) =>
        _metric == DistanceMetric.Cosine
            ? TensorPrimitives.Dot(vector, preparedQuery) / TensorPrimitives.Norm(vector)
            : TensorPrimitives.Dot(vector, preparedQuery);

    private bool TryVector(long id, Span<float> destination) => StoredVector(_native, _rescore, id, destination);

    private float[] PrepareQuery(float[] query)
    {
        var q = (float[])query.Clone();
        if (_metric == DistanceMetric.Cosine)
        {
            VectorMath.NormalizeInPlace(q);
        }

        return q;
    }

    /// <summary>Keeps the <paramref name="k"/> best scores in a min-heap (worst on top).</summary>
    private static void TopK(PriorityQueue<long, float> heap, int k, long id, float score)
    {
        if (heap.Count < k)
        {
            heap.Enqueue(id, score);
        }
        else if (heap.TryPeek(out _, out var worst) && score > worst)
        {
            heap.DequeueEnqueue(id, score);
        }
    }

    private static List<(long Id, float Score)> Drain(PriorityQueue<long, float> heap)
    {
        var hits = new List<(long Id, float Score)>(heap.Count);
        while (heap.TryDequeue(out var id, out var score))
        {
            hits.Add((id, score));
        }

        hits.Reverse();
        return hits;
    }
}
