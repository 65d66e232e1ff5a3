namespace VlSearch.Search.Ranking;

/// <summary>
/// The tail cutoff. <see cref="SearchCutoffMode.Auto"/> works on the vector cosine, the one score with an absolute
/// meaning (every photo has some cosine with any query, so the weak tail comes from the vector side; a keyword match
/// means the words are in the photo's text):
/// <list type="number">
/// <item>hits whose cosine is under the model's floor score like unrelated captions and are dropped;</item>
/// <item>among the first <c>window</c> cosines left (best first), the largest relative drop (c[i] - c[i+1]) / c[i]
/// with i + 1 at least <c>minimumKept</c> is found; when it is at least <c>minimumDrop</c>, hits with a cosine under
/// c[i] are dropped too;</item>
/// <item>a hit the keyword retriever listed is always kept; a hit with no cosine and no keyword match (a filter-only
/// listing) is kept.</item>
/// </list>
/// <see cref="SearchCutoffMode.Score"/> keeps hits whose final score is at least the given one.
/// </summary>
public static class ScoreCutoff
{
    /// <summary>The hits <paramref name="cutoff"/> keeps, in their order.</summary>
    public static IReadOnlyList<CutoffCandidate> Apply(
        IReadOnlyList<CutoffCandidate> ranked, SearchCutoff cutoff, double? floor, int window, double minimumDrop, int minimumKept = 1)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(cutoff);
        switch (cutoff.Mode)
        {
            case SearchCutoffMode.None:
                return ranked;
            case SearchCutoffMode.Score:
                return [.. ranked.Where(h => h.Score >= cutoff.MinimumScore)];
            case SearchCutoffMode.Auto:
                var cosines = ranked.Where(h => h.Cosine is not null).Select(h => h.Cosine!.Value).OrderDescending().ToList();
                var threshold = VectorThreshold(cosines, floor, window, minimumDrop, minimumKept);
                return [.. ranked.Where(h => h.KeywordMatch || h.Cosine is not { } c || c >= threshold)];
            default:
                throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff.Mode, "Unknown cutoff mode.");
        }
    }

    /// <summary>
    /// The lowest cosine the adaptive cutoff keeps, for cosines sorted best first: the floor, raised to the score
    /// before the largest relative drop among the first <paramref name="window"/> cosines at or above it when that
    /// drop is at least <paramref name="minimumDrop"/> and comes after at least <paramref name="minimumKept"/> cosines.
    /// Negative infinity when nothing is cut.
    /// </summary>
    public static double VectorThreshold(IReadOnlyList<double> cosines, double? floor, int window, double minimumDrop, int minimumKept = 1)
    {
        ArgumentNullException.ThrowIfNull(cosines);
        var threshold = floor ?? double.NegativeInfinity;
        var above = cosines.Where(c => c >= threshold).Take(window).ToList();
        var (bestDrop, bestIndex) = (0.0, -1);
        for (var i = Math.Max(0, minimumKept - 1); i + 1 < above.Count; i++)
        {
            // A relative drop is only meaningful from a positive score; below zero everything is unrelated anyway.
            if (above[i] <= 0)
            {
                break;
            }

            var drop = (above[i] - above[i + 1]) / above[i];
            if (drop > bestDrop)
            {
                (bestDrop, bestIndex) = (drop, i);
            }
        }

        return bestIndex >= 0 && bestDrop >= minimumDrop ? above[bestIndex] : threshold;
    }

    /// <summary>Reads <c>auto</c>, <c>none</c> or a score.</summary>
    /// <exception cref="ArgumentException">The text is none of these.</exception>
    public static SearchCutoff Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return SearchCutoff.Auto;
        }

        if (trimmed.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return SearchCutoff.None;
        }

        if (double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var score)
            && double.IsFinite(score))
        {
            return new SearchCutoff(SearchCutoffMode.Score, score);
        }

        throw new ArgumentException($"The cutoff must be auto, none or a score such as 0.25, got '{text}'.", nameof(text));
    }
}
