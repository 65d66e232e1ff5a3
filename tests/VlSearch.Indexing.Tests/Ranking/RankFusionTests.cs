using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

public sealed class RankFusionTests
{
    private static RetrieverList List(string stage, double weight, params (long Id, double Score)[] hits) =>
        new(stage, weight, [.. hits.Select(h => new RetrieverHit(h.Id, h.Score))]);

    [Fact]
    public void Reciprocal_rank_fusion_adds_each_lists_weight_over_sixty_plus_the_rank()
    {
        var fused = RankFusion.Fuse(
            [List("vector", 1, (1, 0.9), (2, 0.8), (3, 0.7)), List("keyword", 1, (3, 12), (1, 5))],
            FusionMethod.ReciprocalRank);

        Assert.Equal([1L, 3, 2], fused.Select(h => h.Id));
        Assert.Equal((1.0 / 61) + (1.0 / 62), fused[0].Score, 12);
        Assert.Equal((1.0 / 63) + (1.0 / 61), fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
    }

    [Fact]
    public void Weights_scale_each_lists_contribution_and_can_reverse_the_order()
    {
        var lists = new[] { List("vector", 1, (1, 0.9), (2, 0.8)), List("keyword", 3, (2, 7), (1, 1)) };

        var fused = RankFusion.Fuse(lists, FusionMethod.ReciprocalRank);

        Assert.Equal([2L, 1], fused.Select(h => h.Id));
        Assert.Equal((1.0 / 62) + (3.0 / 61), fused[0].Score, 12);
        Assert.Equal((1.0 / 61) + (3.0 / 62), fused[1].Score, 12);
    }

    [Fact]
    public void Relative_score_fusion_scales_each_list_by_its_own_min_and_max()
    {
        var fused = RankFusion.Fuse(
            [List("vector", 1, (1, 0.9), (2, 0.5), (3, 0.1)), List("keyword", 0.5, (3, 20), (2, 10))],
            FusionMethod.RelativeScore);

        // vector scaled: 1 → 1, 2 → 0.5, 3 → 0; keyword scaled: 3 → 1, 2 → 0 (times 0.5). 3 ties 2 and wins on its best rank.
        Assert.Equal([1L, 3, 2], fused.Select(h => h.Id));
        Assert.Equal(1.0, fused[0].Score, 12);
        Assert.Equal(0.5, fused[1].Score, 12);
        Assert.Equal(0.5, fused[2].Score, 12);
    }

    [Fact]
    public void A_single_list_with_hits_keeps_its_own_scores()
    {
        var vector = List("vector", 1, (4, 0.31), (5, 0.22));

        foreach (var method in new[] { FusionMethod.ReciprocalRank, FusionMethod.RelativeScore })
        {
            var fused = RankFusion.Fuse([vector, List("keyword", 1)], method);
            Assert.Equal([0.31, 0.22], fused.Select(h => h.Score));
        }
    }

    [Fact]
    public void Equal_fused_scores_go_to_the_better_best_rank_then_the_smaller_id()
    {
        var fused = RankFusion.Fuse([List("vector", 1, (9, 0.9), (8, 0.8)), List("keyword", 1, (8, 3), (9, 1))], FusionMethod.ReciprocalRank);

        Assert.Equal([8L, 9], fused.Select(h => h.Id));
        Assert.Equal(fused[0].Score, fused[1].Score, 12);
    }

    [Fact]
    public void A_negative_weight_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RankFusion.Fuse([List("vector", -1, (1, 1)), List("keyword", 1, (2, 1))], FusionMethod.ReciprocalRank));
    }
}
