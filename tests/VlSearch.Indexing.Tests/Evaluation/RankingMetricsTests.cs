using VlSearch.Search.Evaluation;

namespace VlSearch.Indexing.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private static readonly Dictionary<string, double> TwoRelevant = new() { ["a"] = 1, ["c"] = 1 };

    [Fact]
    public void Recall_counts_the_relevant_items_found_in_the_top_k()
    {
        string[] ranking = ["x", "a", "y", "c"];

        Assert.Equal(0, RankingMetrics.RecallAt(ranking, TwoRelevant, 1));
        Assert.Equal(0.5, RankingMetrics.RecallAt(ranking, TwoRelevant, 2));
        Assert.Equal(1, RankingMetrics.RecallAt(ranking, TwoRelevant, 10));
    }

    [Fact]
    public void The_best_recall_at_k_is_the_share_of_the_relevant_items_that_fit_in_k_places()
    {
        Assert.Equal(0.5, RankingMetrics.BestRecallAt(TwoRelevant, 1));
        Assert.Equal(1, RankingMetrics.BestRecallAt(TwoRelevant, 2));
        Assert.Equal(0, RankingMetrics.BestRecallAt(new Dictionary<string, double> { ["a"] = 0 }, 1));
        // The best ranking reaches it.
        Assert.Equal(RankingMetrics.BestRecallAt(TwoRelevant, 1), RankingMetrics.RecallAt(["c", "a"], TwoRelevant, 1));
    }

    [Fact]
    public void Recall_does_not_count_a_repeated_hit_twice()
    {
        Assert.Equal(0.5, RankingMetrics.RecallAt(["a", "a", "x"], TwoRelevant, 3));
    }

    [Fact]
    public void Reciprocal_rank_is_one_over_the_rank_of_the_first_relevant_item_and_zero_without_one()
    {
        Assert.Equal(1.0 / 3, RankingMetrics.ReciprocalRank(["x", "y", "c", "a"], TwoRelevant), 12);
        Assert.Equal(0, RankingMetrics.ReciprocalRank(["x", "y"], TwoRelevant));
    }

    [Fact]
    public void Binary_ndcg_matches_the_hand_computed_value()
    {
        // Relevant at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
        var expected = ((1 / Math.Log2(3)) + (1 / Math.Log2(5))) / (1 + (1 / Math.Log2(3)));

        Assert.Equal(expected, RankingMetrics.NdcgAt(["x", "a", "y", "c"], TwoRelevant, 10), 12);
        Assert.Equal(1, RankingMetrics.NdcgAt(["c", "a", "x"], TwoRelevant, 10), 12);
    }

    [Fact]
    public void Graded_ndcg_rewards_putting_the_higher_gain_first()
    {
        var gains = new Dictionary<string, double> { ["best"] = 3, ["good"] = 1 };

        // Wrong order: DCG = 1 + 3/log2(3); ideal = 3 + 1/log2(3).
        var swapped = (1 + (3 / Math.Log2(3))) / (3 + (1 / Math.Log2(3)));

        Assert.Equal(1, RankingMetrics.NdcgAt(["best", "good"], gains, 10), 12);
        Assert.Equal(swapped, RankingMetrics.NdcgAt(["good", "best"], gains, 10), 12);
        Assert.True(swapped < 1);
    }

    [Fact]
    public void Ndcg_only_looks_k_deep_and_its_ideal_is_cut_at_k_too()
    {
        var gains = new Dictionary<string, double> { ["a"] = 1, ["b"] = 1, ["c"] = 1 };

        // k = 1: only the first hit counts and the ideal is one relevant item at rank 1.
        Assert.Equal(1, RankingMetrics.NdcgAt(["a", "x", "b"], gains, 1), 12);
        Assert.Equal(0, RankingMetrics.NdcgAt(["x", "a", "b"], gains, 1), 12);
    }

    [Fact]
    public void An_empty_ranking_scores_zero_everywhere()
    {
        Assert.Equal(0, RankingMetrics.RecallAt([], TwoRelevant, 5));
        Assert.Equal(0, RankingMetrics.ReciprocalRank([], TwoRelevant));
        Assert.Equal(0, RankingMetrics.NdcgAt([], TwoRelevant, 10));
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        double[] samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];

        Assert.Equal(5, RankingMetrics.Percentile(samples, 0.5));
        Assert.Equal(10, RankingMetrics.Percentile(samples, 0.95));
        Assert.Equal(1, RankingMetrics.Percentile(samples, 0));
        Assert.Equal(0, RankingMetrics.Percentile([], 0.5));
    }
}
