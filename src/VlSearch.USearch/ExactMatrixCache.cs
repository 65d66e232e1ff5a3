using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// Decoded (and, for cosine, normalized) copy of every vector of a collection for exact search, built lazily by the
/// first search after a write. Searches share the owner's read lock, so building is serialized here; writers hold
/// the write lock when they invalidate it.
/// </summary>
internal sealed class ExactMatrixCache
{
    private readonly Lock _gate = new();
    private Matrix? _matrix;

    /// <summary>Forgets the copy; called under the owner's write lock whenever vectors change.</summary>
    public void Invalidate() => _matrix = null;

    public Matrix Get(
        Dictionary<long, PhotoPayload> payloads, int dimension, DistanceMetric metric, NativeIndex native, RescoreStore? rescore)
    {
        var current = _matrix;
        if (current is not null)
        {
            return current;
        }

        lock (_gate)
        {
            if (_matrix is not null)
            {
                return _matrix;
            }

            var ids = payloads.Keys.ToArray();
            var vectors = new float[(long)ids.Length * dimension];
            for (var row = 0; row < ids.Length; row++)
            {
                var span = vectors.AsSpan(row * dimension, dimension);
                USearchSearcher.StoredVector(native, rescore, ids[row], span);
                if (metric == DistanceMetric.Cosine)
                {
                    VectorMath.NormalizeInPlace(span);
                }
            }

            _matrix = new Matrix(ids, vectors);
            return _matrix;
        }
    }

    /// <summary>Row <c>i</c> of <see cref="Vectors"/> holds the vector of <c>Ids[i]</c>.</summary>
    internal sealed record Matrix(long[] Ids, float[] Vectors);
}
