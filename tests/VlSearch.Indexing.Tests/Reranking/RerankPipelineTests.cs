using System.ComponentModel.DataAnnotations;
using VlSearch.Imaging;
using VlSearch.Indexing.Tests.Ranking;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Reranking;

/// <summary>
/// The rerank stage in the pipeline over <see cref="RankingLibrary.CreateStandardAsync"/>: the vector cosines of
/// "beach" are known (beach_sunset 0.9988, beach_people 0.9429, dog 0.6727, snow 0.0995, IMG_2041 0), and the
/// matcher's probabilities come from stored features (the photos' files do not exist, so photos without stored
/// features cannot be scored).
/// </summary>
public sealed class RerankPipelineTests : IAsyncLifetime
{
    private readonly ColourMatcherDouble matcher = new();
    private readonly InMemoryImageFeatureStoreDouble store = new();
    private RankingLibrary library = null!;

    public async Task InitializeAsync()
    {
        library = await RankingLibrary.CreateStandardAsync();

        // "beach" names no colour, so the double reads the red feature as the match probability.
        store.Put(matcher.Id, library.Id("Trips/Lisbon/beach_sunset.jpg"), ColourMatcherDouble.Colour(0.1f, 0, 0));
        store.Put(matcher.Id, library.Id("Trips/Lisbon/beach_people.jpg"), ColourMatcherDouble.Colour(0.9f, 0, 0));
        store.Put(matcher.Id, library.Id("Home/Pets/dog.jpg"), ColourMatcherDouble.Colour(0.5f, 0, 0));
    }

    public async Task DisposeAsync() => await library.DisposeAsync();

    private MatcherRerankStage Stage(RerankerModel? model = null) =>
        new(model ?? new RerankerModel("colour", () => matcher), store, new PhotoDecoder(), new ImagePreprocessor());

    private SearchRequest Beach(SearchStages? stages = SearchStages.Vector) =>
        new() { Query = QueryParser.Parse("beach"), Model = library.Model, K = 10, Stages = stages, Cutoff = SearchCutoff.None };

    /// <summary>Vector-only defaults, so the fused score is the cosine.</summary>
    private static SearchOptions VectorDefaults(bool rerank = true) => new() { Stages = SearchStages.Vector, Rerank = rerank };

    private static List<string> Names(SearchResults results) => [.. results.Hits.Select(h => Path.GetFileName(h.Path))];

    [Fact]
    public async Task Reranked_hits_are_ordered_by_the_fused_score_plus_the_match_probability_and_say_where_each_score_came_from()
    {
        var results = await library.Pipeline(reranker: Stage()).SearchAsync(Beach(SearchStages.Vector | SearchStages.Rerank));

        Assert.Equal(["beach_people.jpg", "dog.jpg", "beach_sunset.jpg", "snow.jpg", "IMG_2041.jpg"], Names(results));
        var top = results.Hits[0];
        var cosine = top.Stages.Single(s => s.Stage == "vector").Score!.Value;
        Assert.Equal(new StageScore("fused", 2, cosine), top.Stages.Single(s => s.Stage == "fused"));
        Assert.Equal(0.9, top.Stages.Single(s => s.Stage == "rerank").Score!.Value, 5);
        Assert.Equal(1, top.Stages.Single(s => s.Stage == "rerank").Rank);
        Assert.Equal(cosine + 0.9, top.Score, 5);
        Assert.Equal(new StageScore("final", 1, top.Score), top.Stages.Single(s => s.Stage == "final"));
        Assert.Contains(results.Timings, t => t.Stage == "rerank");
    }

    [Fact]
    public async Task Hits_the_reranker_cannot_score_keep_their_fused_order_after_the_scored_ones_and_the_status_says_so()
    {
        var results = await library.Pipeline(reranker: Stage()).SearchAsync(Beach(SearchStages.Vector | SearchStages.Rerank));

        Assert.Equal(["snow.jpg", "IMG_2041.jpg"], Names(results).Skip(3));
        Assert.Equal(new StageScore("rerank", null, null), results.Hits[3].Stages.Single(s => s.Stage == "rerank"));
        var status = results.Rerank!;
        Assert.True(status.Ran);
        Assert.Equal(3, status.Scored);
        Assert.Contains("2 of the top 5", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rerank_weight_scales_the_probability_in_the_final_score()
    {
        var options = new SearchOptions { RerankWeight = 0.1 };

        var results = await library.Pipeline(options, Stage()).SearchAsync(Beach(SearchStages.Vector | SearchStages.Rerank));

        // 0.9988 + 0.01, 0.9429 + 0.09, 0.6727 + 0.05: the retrieval score still decides between close probabilities.
        Assert.Equal(["beach_people.jpg", "beach_sunset.jpg", "dog.jpg"], Names(results).Take(3));
        Assert.Equal(results.Hits[0].Stages.Single(s => s.Stage == "vector").Score!.Value + 0.09, results.Hits[0].Score, 5);
    }

    [Fact]
    public async Task Rerank_is_on_by_default_where_a_reranker_is_installed_and_each_request_or_the_options_can_turn_it_off()
    {
        var byDefault = await library.Pipeline(VectorDefaults(), Stage()).SearchAsync(Beach(stages: null));
        var optedOut = await library.Pipeline(VectorDefaults(), Stage()).SearchAsync(Beach(stages: null) with { Rerank = false });
        var configuredOff = await library.Pipeline(VectorDefaults(rerank: false), Stage()).SearchAsync(Beach(stages: null));
        var askedFor = await library.Pipeline(VectorDefaults(rerank: false), Stage()).SearchAsync(Beach() with { Rerank = true });

        Assert.True(byDefault.Rerank!.Ran);
        Assert.Null(optedOut.Rerank);
        Assert.DoesNotContain(optedOut.Timings, t => t.Stage == "rerank");
        Assert.Null(configuredOff.Rerank);
        Assert.True(askedFor.Rerank!.Ran);
        Assert.Equal("beach_people.jpg", Names(askedFor)[0]);
    }

    [Fact]
    public async Task Asking_for_a_rerank_where_none_is_installed_answers_in_fused_order_and_says_why()
    {
        var results = await library.Pipeline().SearchAsync(Beach() with { Rerank = true });

        Assert.Equal("beach_sunset.jpg", Names(results)[0]);
        Assert.False(results.Rerank!.Ran);
        Assert.Equal("no reranker is installed", results.Rerank.Reason);
    }

    [Fact]
    public async Task A_matcher_that_throws_at_query_time_leaves_the_fused_order_and_says_why()
    {
        matcher.FailWith = new InvalidOperationException("input 'image_embeds' has 16 columns, the graph expects 32");

        var results = await library.Pipeline(reranker: Stage()).SearchAsync(Beach(SearchStages.Vector | SearchStages.Rerank));

        Assert.Equal(["beach_sunset.jpg", "beach_people.jpg", "dog.jpg", "snow.jpg", "IMG_2041.jpg"], Names(results));
        Assert.False(results.Rerank!.Ran);
        Assert.Contains("the reranker failed", results.Rerank.Reason, StringComparison.Ordinal);
        Assert.Contains("expects 32", results.Rerank.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(results.Hits[0].Stages, s => s.Stage == "rerank");
    }

    [Fact]
    public async Task A_reranker_model_that_is_missing_leaves_the_fused_order_and_says_why()
    {
        var missing = new RerankerModel("/models/gone-itm", () => throw new DirectoryNotFoundException("no folder /models/gone-itm"));

        var results = await library.Pipeline(VectorDefaults(), Stage(missing)).SearchAsync(Beach(stages: null));

        Assert.Equal("beach_sunset.jpg", Names(results)[0]);
        Assert.False(results.Rerank!.Ran);
        Assert.Contains("could not be loaded", results.Rerank.Reason, StringComparison.Ordinal);
        Assert.Contains("no folder /models/gone-itm", results.Rerank.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_like_only_query_is_not_reranked_and_says_why()
    {
        var query = new ParsedQuery { Text = "like:1", VectorTerms = [new QueryTerm(QueryTermKind.Image, "1", 1, 5)] };

        var results = await library.Pipeline(VectorDefaults(), Stage()).SearchAsync(Beach(stages: null) with { Query = query });

        Assert.False(results.Rerank!.Ran);
        Assert.Contains("no text", results.Rerank.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rerank_top_bounds_the_hits_rescored_and_is_checked()
    {
        var pipeline = library.Pipeline(reranker: Stage());

        var results = await pipeline.SearchAsync(Beach(SearchStages.Vector | SearchStages.Rerank) with { RerankTop = 2 });

        Assert.Equal(2, store.LastRead.Count);
        Assert.Equal(["beach_people.jpg", "beach_sunset.jpg", "dog.jpg"], Names(results).Take(3));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => pipeline.SearchAsync(Beach() with { RerankTop = SearchOptions.MaxRerankDepth + 1 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => pipeline.SearchAsync(Beach() with { RerankTop = 0 }));
    }

    [Fact]
    public void The_configured_rerank_depth_is_at_most_two_hundred()
    {
        var tooDeep = new SearchOptions { RerankDepth = 201 };
        var deepest = new SearchOptions { RerankDepth = 200 };

        Assert.False(Validator.TryValidateObject(tooDeep, new ValidationContext(tooDeep), null, validateAllProperties: true));
        Assert.True(Validator.TryValidateObject(deepest, new ValidationContext(deepest), null, validateAllProperties: true));
        Assert.Equal(50, new SearchOptions().RerankDepth);
    }
}
