namespace VlSearch.Training;

/// <summary>
/// Text→image retrieval quality averaged over queries. Recall@K is the fraction of a query's relevant images found
/// in the top K (the hit rate when each query has one relevant image); MRR uses the first relevant image's rank;
/// nDCG@10 uses binary gains and log2(rank + 1) discounts.
/// </summary>
public sealed record RetrievalMetrics(int Queries, int Images, double RecallAt1, double RecallAt5, double RecallAt10, double Mrr, double NdcgAt10)
{
    /// <summary>The same metrics rounded to four decimals, as reports show them.</summary>
    internal RetrievalMetrics Rounded() => this with
    {
        RecallAt1 = Math.Round(RecallAt1, 4),
        RecallAt5 = Math.Round(RecallAt5, 4),
        RecallAt10 = Math.Round(RecallAt10, 4),
        Mrr = Math.Round(Mrr, 4),
        NdcgAt10 = Math.Round(NdcgAt10, 4),
    };
}
