namespace VlSearch.Search.Ranking;

/// <summary>
/// Turns the retrievers' ranked lists into one. Fusion runs in the application, never in the vector index, so every
/// index (embedded or server) gives the same order for the same lists.
/// </summary>
public static class RankFusion
{
    /// <summary>The k of reciprocal rank fusion: damps the difference between the very first ranks.</summary>
    public const int ReciprocalRankK = 60;

    /// <summary>
    /// Fuses <paramref name="lists"/>, best first. Reciprocal rank: score = Σ weight / (60 + rank) over the lists that
    /// hold the photo (rank 1-based). Relative score: each list's scores scaled to [0, 1] by its own min and max (all
    /// 1 when they are equal), score = Σ weight × scaled. When only one list has hits its own scores are kept, so a
    /// single retriever's scores (a cosine, a keyword score) keep their meaning. Ties go to the better best rank,
    /// then the smaller id, so the order is the same on every run.
    /// </summary>
    public static IReadOnlyList<RetrieverHit> Fuse(IReadOnlyList<RetrieverList> lists, FusionMethod method)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var live = lists.Where(l => l.Hits.Count > 0).ToList();
        if (live.Count == 0)
        {
            return [];
        }

        if (live.Count == 1)
        {
            return live[0].Hits;
        }

        var scores = new Dictionary<long, double>();
        var bestRank = new Dictionary<long, int>();
        foreach (var list in live)
        {
            if (list.Weight < 0 || double.IsNaN(list.Weight))
            {
                throw new ArgumentException($"The weight of the {list.Stage} list must be 0 or more.", nameof(lists));
            }

            var (min, max) = (list.Hits.Min(h => h.Score), list.Hits.Max(h => h.Score));
            for (var i = 0; i < list.Hits.Count; i++)
            {
                var hit = list.Hits[i];
                var contribution = method switch
                {
                    FusionMethod.ReciprocalRank => list.Weight / (ReciprocalRankK + i + 1),
                    FusionMethod.RelativeScore => list.Weight * (max > min ? (hit.Score - min) / (max - min) : 1),
                    _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown fusion method."),
                };
                scores[hit.Id] = scores.GetValueOrDefault(hit.Id) + contribution;
                bestRank[hit.Id] = Math.Min(bestRank.GetValueOrDefault(hit.Id, int.MaxValue), i + 1);
            }
        }

        return scores
            .OrderByDescending(p => p.Value)
            .ThenBy(p => bestRank[p.Key])
            .ThenBy(p => p.Key)
            .Select(p => new RetrieverHit(p.Key, p.Value))
            .ToList();
    }
}
