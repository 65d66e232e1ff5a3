namespace VlSearch.Search.Ranking;

/// <summary>What became of the rerank stage in one search: it ran, or it was asked for and skipped, and why.</summary>
/// <param name="Ran">Whether match probabilities reordered the top of the list.</param>
/// <param name="Scored">How many hits got a match probability (hits without one keep their fused order after them).</param>
/// <param name="Reason">Why it was skipped (or why some hits were left unscored); null when everything went through.</param>
public sealed record RerankStatus(bool Ran, int Scored, string? Reason)
{
    /// <summary>The stage ran over <paramref name="scored"/> hits.</summary>
    public static RerankStatus Done(int scored, string? note = null) => new(true, scored, note);

    /// <summary>The stage was asked for but did not run; the search answered in fused order.</summary>
    public static RerankStatus Skipped(string reason) => new(false, 0, reason);

    /// <summary>One line for people: "reranked 50 hits" or "rerank skipped: why".</summary>
    public override string ToString() =>
        Ran
            ? Reason is null ? $"reranked {Scored} hits" : $"reranked {Scored} hits ({Reason})"
            : $"rerank skipped: {Reason}";
}
