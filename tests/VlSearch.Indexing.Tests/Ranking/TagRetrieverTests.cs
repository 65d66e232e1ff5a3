using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

/// <summary>
/// Tag matches as a list of their own in a fused search: a library of two events, where the subject ("dog") is tagged
/// in both and the query names one event. Mixed into one keyword score, the other event's tagged photos, close to the
/// query vector, came first.
/// </summary>
public sealed class TagRetrieverTests : IAsyncLifetime
{
    private RankingLibrary library = null!;

    public async Task InitializeAsync()
    {
        library = await RankingLibrary.CreateAsync();
        await library.AddAsync(new("Events/Lisbon/IMG_1.jpg", [0.6f, 0.4f, 0.1f]) { Tags = ["dog"] });
        await library.AddAsync(new("Events/Lisbon/IMG_2.jpg", [0, 0, 1]));
        await library.AddAsync(new("Events/Lisbon/IMG_3.jpg", [0.1f, 0, 1]));
        await library.AddAsync(new("Events/Porto/IMG_4.jpg", [0.5f, 0.5f, 0]) { Tags = ["dog"] });
        await library.AddAsync(new("Events/Porto/IMG_5.jpg", [0.5f, 0.52f, 0]) { Tags = ["dog"] });
        await library.AddAsync(new("Events/Porto/IMG_6.jpg", [0, 0.1f, 1]));
    }

    public async Task DisposeAsync() => await library.DisposeAsync();

    /// <summary>"dog" for the vector side; "dog" and "lisbon" for the keyword side.</summary>
    private static ParsedQuery DogInLisbon() => new()
    {
        Text = "dog lisbon",
        VectorTerms = [new QueryTerm(QueryTermKind.Text, "dog", 1, 0)],
        KeywordWords = ["dog", "lisbon"],
    };

    private SearchRequest Request(SearchStages stages, bool explain = false) =>
        new() { Query = DogInLisbon(), Model = library.Model, K = 10, Stages = stages, Cutoff = SearchCutoff.None, Fusion = FusionMethod.ReciprocalRank, Explain = explain };

    [Fact]
    public async Task A_hybrid_search_ranks_the_named_events_tagged_photo_above_the_other_events_tagged_ones()
    {
        var results = await library.Pipeline().SearchAsync(Request(SearchStages.Hybrid));

        var top = results.Hits[0];
        Assert.Equal(RankingLibrary.PathOf("Events/Lisbon/IMG_1.jpg"), top.Path);
        Assert.Equal(3, top.Stages.Single(s => s.Stage == "vector").Rank);
        Assert.NotNull(top.Stages.Single(s => s.Stage == "keyword").Rank);
        Assert.NotNull(top.Stages.Single(s => s.Stage == "tags").Rank);

        // The fused score is the three lists' reciprocal ranks.
        var expected = top.Stages.Where(s => s.Stage is "vector" or "keyword" or "tags").Sum(s => 1.0 / (RankFusion.ReciprocalRankK + s.Rank!.Value));
        Assert.Equal(expected, top.Score, 12);
    }

    [Fact]
    public async Task The_keyword_list_of_a_hybrid_search_leaves_tags_to_the_tag_list()
    {
        var results = await library.Pipeline().SearchAsync(Request(SearchStages.Hybrid));

        var porto = results.Hits.Single(h => h.Path == RankingLibrary.PathOf("Events/Porto/IMG_4.jpg"));
        Assert.Null(porto.Stages.Single(s => s.Stage == "keyword").Rank);
        Assert.NotNull(porto.Stages.Single(s => s.Stage == "tags").Rank);
        var untagged = results.Hits.Single(h => h.Path == RankingLibrary.PathOf("Events/Lisbon/IMG_2.jpg"));
        Assert.Null(untagged.Stages.Single(s => s.Stage == "tags").Rank);
    }

    [Fact]
    public async Task A_keyword_only_search_still_matches_tags_in_its_one_list()
    {
        var results = await library.Pipeline().SearchAsync(Request(SearchStages.Keyword));

        Assert.Contains(results.Hits, h => h.Path == RankingLibrary.PathOf("Events/Porto/IMG_4.jpg"));
        Assert.Equal(RankingLibrary.PathOf("Events/Lisbon/IMG_1.jpg"), results.Hits[0].Path);
        Assert.All(results.Hits, h => Assert.DoesNotContain(h.Stages, s => s.Stage == "tags"));
    }

    [Fact]
    public async Task A_query_no_tag_matches_ranks_with_two_lists_and_shows_no_tags_stage()
    {
        var query = DogInLisbon() with { KeywordWords = ["lisbon"] };

        var results = await library.Pipeline().SearchAsync(Request(SearchStages.Hybrid, explain: true) with { Query = query });

        Assert.Equal(["vector", "keyword", "fused", "cut"], results.Hits[0].Stages.Select(s => s.Stage));
    }

    [Fact]
    public async Task Excluding_a_word_drops_the_tag_lists_photos_that_hold_it()
    {
        var query = DogInLisbon() with { ExcludedPhrases = ["porto"] };

        var results = await library.Pipeline().SearchAsync(Request(SearchStages.Hybrid) with { Query = query });

        Assert.DoesNotContain(results.Hits, h => h.Path.Contains("/Porto/", StringComparison.Ordinal));
        Assert.Equal(RankingLibrary.PathOf("Events/Lisbon/IMG_1.jpg"), results.Hits[0].Path);
    }
}
