using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// Rebuilds a collection's graph without its deleted entries: deleted HNSW nodes stay in the graph as tombstones
/// and degrade recall.
/// </summary>
internal static class USearchCompactor
{
    /// <summary>Whether enough entries were deleted since the last build for a rebuild to pay off.</summary>
    public static bool IsDue(NativeIndex? native, long deletedSinceBuild, int count, USearchOptions options) =>
        native is not null && deletedSinceBuild > 0 &&
        deletedSinceBuild >= Math.Max(64, options.CompactionDeletedFraction * count);

    /// <summary>A new graph holding exactly <paramref name="ids"/>; the old one is left untouched.</summary>
    public static NativeIndex Rebuild(
        NativeIndex old,
        RescoreStore? rescore,
        long[] ids,
        int dimension,
        DistanceMetric metric,
        USearchQuantization quantization,
        USearchOptions options,
        CancellationToken cancellationToken)
    {
        var rebuilt = NativeIndex.Create(dimension, metric, quantization, options);
        try
        {
            rebuilt.EnsureCapacity(Math.Max(ids.Length, 1));
            var parallel = new ParallelOptions
            {
                MaxDegreeOfParallelism = options.EffectiveThreads,
                CancellationToken = cancellationToken,
            };
            // The rescoring copies are more precise than 8-bit codes, so they seed the new graph when present.
            Parallel.For(0, ids.Length, parallel, () => new float[dimension], (i, _, buffer) =>
            {
                if (USearchSearcher.StoredVector(old, rescore, ids[i], buffer))
                {
                    rebuilt.Add((ulong)ids[i], buffer);
                }

                return buffer;
            }, _ => { });
            return rebuilt;
        }
        catch
        {
            rebuilt.Dispose();
            throw;
        }
    }
}
