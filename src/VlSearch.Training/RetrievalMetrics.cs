namespace VlSearch.Training;

/// <summary>
/// Text→image retrieval quality averaged over queries. Recall@K is the fraction of a query's relevant images found
/// in the top K (the hit rate when each query has one relevant image); MRR uses the first relevant image's rank;
/// nDCG@10 uses binary gains and log2(rank + 1) discounts.
/// </summary>
public sealed record RetrievalMetrics(int Queries, int Images, double RecallAt1, double RecallAt5, double RecallAt10, double Mrr, double NdcgAt10);
