namespace VlSearch.Search.Evaluation;

/// <summary>
/// Ranking-quality measures of one ranked list against graded relevance judgments (item → gain, gain &gt; 0 means
/// relevant). With every gain 1 they are the usual binary measures, and agree with the model-only evaluation.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Fraction of the relevant items found in the first <paramref name="k"/> of the ranking; 0 when nothing is relevant.</summary>
    public static double RecallAt<T>(IReadOnlyList<T> ranking, IReadOnlyDictionary<T, double> gains, int k)
        where T : notnull
    {
        Validate(ranking, gains, k);
        var relevant = gains.Count(g => g.Value > 0);
        if (relevant == 0)
        {
            return 0;
        }

        // A ranking that repeats an item must not count it twice.
        var found = ranking.Take(k).Distinct().Count(item => gains.TryGetValue(item, out var gain) && gain > 0);
        return (double)found / relevant;
    }

    /// <summary>
    /// The most <see cref="RecallAt"/> any ranking can reach: with more relevant items than <paramref name="k"/>, the
    /// first k places hold only a share of them. 0 when nothing is relevant.
    /// </summary>
    public static double BestRecallAt<T>(IReadOnlyDictionary<T, double> gains, int k)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(gains);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var relevant = gains.Count(g => g.Value > 0);
        return relevant == 0 ? 0 : (double)Math.Min(k, relevant) / relevant;
    }

    /// <summary>1 / (1-based rank of the first relevant item); 0 when the ranking holds none.</summary>
    public static double ReciprocalRank<T>(IReadOnlyList<T> ranking, IReadOnlyDictionary<T, double> gains)
        where T : notnull
    {
        Validate(ranking, gains, 1);
        for (var i = 0; i < ranking.Count; i++)
        {
            if (gains.TryGetValue(ranking[i], out var gain) && gain > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>
    /// DCG@k / ideal DCG@k with linear gains: Σ gain(item at rank i) / log2(i + 1) over ranks i ≤ k, the ideal
    /// ordering being every judged item by falling gain. An item counts once, at its best rank. 0 when nothing is relevant.
    /// </summary>
    public static double NdcgAt<T>(IReadOnlyList<T> ranking, IReadOnlyDictionary<T, double> gains, int k)
        where T : notnull
    {
        Validate(ranking, gains, k);
        var seen = new HashSet<T>();
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, ranking.Count); i++)
        {
            if (seen.Add(ranking[i]) && gains.TryGetValue(ranking[i], out var gain) && gain > 0)
            {
                dcg += gain / Math.Log2(i + 2);
            }
        }

        var ideal = gains.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>
    /// The value below which a fraction <paramref name="quantile"/> of the samples lie (nearest rank: the smallest
    /// sample with at least that share of samples at or below it); 0 for no samples.
    /// </summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double quantile)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (samples.Count == 0)
        {
            return 0;
        }

        var sorted = samples.Order().ToArray();
        var rank = Math.Max(1, (int)Math.Ceiling(quantile * sorted.Length));
        return sorted[rank - 1];
    }

    private static void Validate<T>(IReadOnlyList<T> ranking, IReadOnlyDictionary<T, double> gains, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(gains);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
    }
}
