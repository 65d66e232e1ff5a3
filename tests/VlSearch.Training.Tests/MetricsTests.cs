using VlSearch.Training;

namespace VlSearch.Training.Tests;

/// <summary>Metric values on hand-built rankings, checked against their definitions.</summary>
public class MetricsTests
{
    private static readonly int[] Ranking = [4, 2, 7, 1, 9, 0, 3, 5, 6, 8, 10, 11];

    [Fact]
    public void Recall_counts_the_share_of_relevant_items_in_the_top_k()
    {
        var relevant = new HashSet<int> { 2, 9, 11 }; // ranks 2, 5 and 12
        Assert.Equal(0.0, RetrievalEvaluator.RecallAt(Ranking, relevant, 1));
        Assert.Equal(1.0 / 3, RetrievalEvaluator.RecallAt(Ranking, relevant, 2), 12);
        Assert.Equal(2.0 / 3, RetrievalEvaluator.RecallAt(Ranking, relevant, 5), 12);
        Assert.Equal(2.0 / 3, RetrievalEvaluator.RecallAt(Ranking, relevant, 10), 12);
        Assert.Equal(1.0, RetrievalEvaluator.RecallAt(Ranking, relevant, 12));
    }

    [Fact]
    public void Reciprocal_rank_is_one_over_the_first_relevant_rank_and_zero_when_absent()
    {
        Assert.Equal(1.0 / 3, RetrievalEvaluator.ReciprocalRank(Ranking, new HashSet<int> { 7, 5 }), 12);
        Assert.Equal(1.0, RetrievalEvaluator.ReciprocalRank(Ranking, new HashSet<int> { 4 }));
        Assert.Equal(0.0, RetrievalEvaluator.ReciprocalRank(Ranking, new HashSet<int> { 99 }));
    }

    [Fact]
    public void Ndcg_divides_discounted_gain_by_the_ideal_ordering()
    {
        // Relevant at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal (ranks 1, 2) = 1 + 1/log2(3).
        var relevant = new HashSet<int> { 2, 1 };
        var expected = ((1 / Math.Log2(3)) + (1 / Math.Log2(5))) / (1 + (1 / Math.Log2(3)));
        Assert.Equal(expected, RetrievalEvaluator.NdcgAt(Ranking, relevant, 10), 12);
        Assert.Equal(1.0, RetrievalEvaluator.NdcgAt(Ranking, new HashSet<int> { 4, 2 }, 10), 12);
        // Only rank 11 is relevant: outside the cut-off.
        Assert.Equal(0.0, RetrievalEvaluator.NdcgAt(Ranking, new HashSet<int> { 10 }, 10));
    }

    [Fact]
    public void Scores_average_over_queries()
    {
        IReadOnlyList<int>[] rankings = [[0, 1, 2], [2, 1, 0]];
        IReadOnlySet<int>[] relevant = [new HashSet<int> { 0 }, new HashSet<int> { 0 }];
        var m = RetrievalEvaluator.Score(rankings, relevant, 3);
        Assert.Equal((1.0 + 0.0) / 2, m.RecallAt1);
        Assert.Equal((1.0 + 1.0) / 2, m.RecallAt5);
        Assert.Equal((1.0 + (1.0 / 3)) / 2, m.Mrr, 12);
        Assert.Equal((1.0 + (1 / Math.Log2(4))) / 2, m.NdcgAt10, 12);
    }

    [Fact]
    public void Cosine_ranking_puts_the_matching_vector_first()
    {
        float[][] images = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        float[][] queries = [[0.1f, 0.9f, 0], [0, 0.2f, 0.8f]];
        var m = RetrievalEvaluator.Rank(queries, images, [new HashSet<int> { 1 }, new HashSet<int> { 2 }]);
        Assert.Equal(1.0, m.RecallAt1);
        Assert.Equal(1.0, m.Mrr);
    }
}
