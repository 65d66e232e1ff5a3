using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

public sealed class ScoreCutoffTests
{
    private static List<CutoffCandidate> Vector(params double[] cosines) =>
        [.. cosines.Select((c, i) => new CutoffCandidate(i + 1, c, c, KeywordMatch: false))];

    [Fact]
    public void Auto_cuts_after_the_largest_relative_drop_among_the_top_scores()
    {
        var kept = ScoreCutoff.Apply(Vector(0.40, 0.39, 0.38, 0.25, 0.24, 0.23), SearchCutoff.Auto, floor: null, window: 50, minimumDrop: 0.08);

        Assert.Equal([1L, 2, 3], kept.Select(k => k.Id));
    }

    [Fact]
    public void Auto_on_a_smooth_list_cuts_at_the_floor_only()
    {
        var kept = ScoreCutoff.Apply(Vector(0.40, 0.39, 0.38, 0.37, 0.36), SearchCutoff.Auto, floor: 0.375, window: 50, minimumDrop: 0.08);

        Assert.Equal([1L, 2, 3], kept.Select(k => k.Id));
    }

    [Fact]
    public void Auto_drops_every_hit_under_the_floor_even_when_the_largest_drop_is_lower()
    {
        // The biggest drop (0.20 → 0.10) lies under the floor, so only the floor cuts.
        var kept = ScoreCutoff.Apply(Vector(0.30, 0.29, 0.21, 0.20, 0.10), SearchCutoff.Auto, floor: 0.25, window: 50, minimumDrop: 0.08);

        Assert.Equal([1L, 2], kept.Select(k => k.Id));
    }

    [Fact]
    public void Auto_looks_for_the_drop_only_after_the_minimum_kept()
    {
        var kept = ScoreCutoff.Apply(Vector(0.60, 0.40, 0.39, 0.38, 0.20), SearchCutoff.Auto, floor: null, window: 50, minimumDrop: 0.08, minimumKept: 3);

        Assert.Equal([1L, 2, 3, 4], kept.Select(k => k.Id));
    }

    [Fact]
    public void Auto_only_looks_for_the_drop_within_its_window()
    {
        var kept = ScoreCutoff.Apply(Vector(0.40, 0.39, 0.38, 0.10), SearchCutoff.Auto, floor: null, window: 3, minimumDrop: 0.08);

        Assert.Equal(4, kept.Count);
    }

    [Fact]
    public void Auto_keeps_keyword_matches_whatever_their_cosine()
    {
        List<CutoffCandidate> ranked =
        [
            new(1, 0.03, 0.40, false),
            new(2, 0.02, 0.10, true),
            new(3, 0.01, null, true),
            new(4, 0.01, 0.11, false),
        ];

        var kept = ScoreCutoff.Apply(ranked, SearchCutoff.Auto, floor: 0.2, window: 50, minimumDrop: 0.08);

        Assert.Equal([1L, 2, 3], kept.Select(k => k.Id));
    }

    [Fact]
    public void A_fixed_score_keeps_hits_scoring_at_least_that_and_none_keeps_all()
    {
        var ranked = Vector(0.5, 0.3, 0.2);

        Assert.Equal([1L, 2], ScoreCutoff.Apply(ranked, new SearchCutoff(SearchCutoffMode.Score, 0.3), null, 50, 0.08).Select(k => k.Id));
        Assert.Equal(3, ScoreCutoff.Apply(ranked, SearchCutoff.None, 0.9, 50, 0.08).Count);
    }

    [Theory]
    [InlineData("auto", SearchCutoffMode.Auto, 0)]
    [InlineData(" None ", SearchCutoffMode.None, 0)]
    [InlineData("0.25", SearchCutoffMode.Score, 0.25)]
    public void Parse_reads_auto_none_and_scores(string text, SearchCutoffMode mode, double score)
    {
        var cutoff = ScoreCutoff.Parse(text);

        Assert.Equal(mode, cutoff.Mode);
        Assert.Equal(score, cutoff.MinimumScore);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sometimes")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public void Parse_refuses_anything_else(string text)
    {
        Assert.Throws<ArgumentException>(() => ScoreCutoff.Parse(text));
    }

    [Fact]
    public void The_floor_percentile_is_the_nearest_rank_value()
    {
        var values = Enumerable.Range(1, 100).Select(i => i / 100.0).ToList();

        Assert.Equal(0.95, ScoreFloorCalibrator.Percentile(values, 95), 12);
        Assert.Equal(1.0, ScoreFloorCalibrator.Percentile(values, 100), 12);
        Assert.Equal(0, ScoreFloorCalibrator.Percentile([], 95));
    }
}
