using VlSearch.Core;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

/// <summary>The ranking pipeline over <see cref="RankingLibrary.CreateStandardAsync"/>, whose every cosine is known.</summary>
public sealed class SearchPipelineTests : IAsyncLifetime
{
    private RankingLibrary library = null!;

    public async Task InitializeAsync() => library = await RankingLibrary.CreateStandardAsync();

    public async Task DisposeAsync() => await library.DisposeAsync();

    /// <summary>A query whose words are each a vector term (weight 1) and a keyword word.</summary>
    private static ParsedQuery Words(string text, QueryFilters? filters = null) => new()
    {
        Text = text,
        VectorTerms = [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new QueryTerm(QueryTermKind.Text, w, 1, text.IndexOf(w, StringComparison.Ordinal)))],
        KeywordWords = text.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Filters = filters ?? new QueryFilters(),
    };

    private SearchRequest Request(ParsedQuery query, SearchStages stages = SearchStages.Hybrid) =>
        new() { Query = query, Model = library.Model, K = 10, Stages = stages, Cutoff = SearchCutoff.None };

    private async Task<List<string>> NamesAsync(SearchRequest request) =>
        [.. (await library.Pipeline().SearchAsync(request)).Hits.Select(h => Path.GetFileName(h.Path))];

    [Fact]
    public async Task Vector_search_ranks_by_cosine_and_the_final_score_is_the_cosine()
    {
        var results = await library.Pipeline().SearchAsync(Request(Words("beach"), SearchStages.Vector));

        Assert.Equal(["beach_sunset.jpg", "beach_people.jpg", "dog.jpg", "snow.jpg", "IMG_2041.jpg"], results.Hits.Select(h => Path.GetFileName(h.Path)));
        var top = results.Hits[0];
        Assert.Equal(1 / Math.Sqrt(1 + (0.05 * 0.05)), top.Score, 5);
        Assert.Equal(new StageScore("vector", 1, top.Score), top.Stages.Single(s => s.Stage == "vector"));
        Assert.Equal(new StageScore("keyword", null, null), top.Stages.Single(s => s.Stage == "keyword"));
        Assert.NotNull(top.Payload);
    }

    [Fact]
    public async Task Hybrid_search_lifts_a_photo_the_keyword_side_finds_by_its_file_name()
    {
        var query = Words("snow") with { KeywordWords = ["2041"] };

        var results = await library.Pipeline().SearchAsync(Request(query) with { Fusion = FusionMethod.ReciprocalRank });

        var top = results.Hits[0];
        Assert.Equal(RankingLibrary.PathOf("Home/IMG_2041.jpg"), top.Path);
        Assert.Equal(2, top.Stages.Single(s => s.Stage == "vector").Rank);
        Assert.Equal(1, top.Stages.Single(s => s.Stage == "keyword").Rank);
        Assert.Equal((1.0 / 62) + (1.0 / 61), top.Score, 12);
        Assert.Equal("snow.jpg", Path.GetFileName(results.Hits[1].Path));
        Assert.All(results.Hits, h => Assert.NotNull(h.Stages.Single(s => s.Stage == "vector").Score));
    }

    [Fact]
    public async Task Keyword_weight_zero_leaves_the_vector_order()
    {
        var query = Words("snow") with { KeywordWords = ["2041"] };

        var names = await NamesAsync(Request(query) with { KeywordWeight = 0 });

        Assert.Equal("snow.jpg", names[0]);
    }

    [Fact]
    public async Task A_quoted_phrase_drops_every_hit_that_does_not_hold_it()
    {
        var query = Words("beach") with { RequiredPhrases = ["golden beach"] };

        Assert.Equal(["beach_sunset.jpg"], await NamesAsync(Request(query)));
        Assert.Equal(["beach_sunset.jpg"], await NamesAsync(Request(query, SearchStages.Vector)));
    }

    [Fact]
    public async Task Excluded_words_and_phrases_drop_hits_from_both_retrievers()
    {
        var query = Words("beach") with { ExcludedPhrases = ["people", "birthday cake"] };

        foreach (var stages in new[] { SearchStages.Vector, SearchStages.Hybrid })
        {
            var names = await NamesAsync(Request(query, stages));
            Assert.DoesNotContain("beach_people.jpg", names);
            Assert.DoesNotContain("IMG_2041.jpg", names);
            Assert.Contains("beach_sunset.jpg", names);
        }
    }

    [Fact]
    public async Task Terms_add_up_in_the_query_vector()
    {
        var names = await NamesAsync(Request(Words("beach cake"), SearchStages.Vector));

        Assert.Equal("dog.jpg", names[0]);
    }

    [Fact]
    public async Task A_negative_term_pushes_its_meaning_down()
    {
        var people = await NamesAsync(Request(Words("people"), SearchStages.Vector));
        var query = Words("people") with { VectorTerms = [new(QueryTermKind.Text, "people", 1, 0), new(QueryTermKind.Text, "beach", -1, 8)] };
        var withoutBeach = await NamesAsync(Request(query, SearchStages.Vector));

        Assert.Equal("beach_people.jpg", people[0]);
        Assert.Equal("IMG_2041.jpg", withoutBeach[0]);
    }

    [Fact]
    public async Task Like_a_catalogued_photo_searches_with_its_stored_vector_and_leaves_it_out()
    {
        var id = library.Id("Trips/Lisbon/beach_sunset.jpg");
        foreach (var value in new[] { id.ToString(System.Globalization.CultureInfo.InvariantCulture), RankingLibrary.PathOf("Trips/Lisbon/beach_sunset.jpg") })
        {
            var query = new ParsedQuery { Text = "like:" + value, VectorTerms = [new(QueryTermKind.Image, value, 1, 5)] };

            var names = await NamesAsync(Request(query));

            Assert.Equal("beach_people.jpg", names[0]);
            Assert.DoesNotContain("beach_sunset.jpg", names);
        }
    }

    [Fact]
    public async Task Like_an_uncatalogued_path_is_refused_unless_the_host_reads_files()
    {
        var query = new ParsedQuery { Text = "like:/nowhere/x.jpg", VectorTerms = [new(QueryTermKind.Image, "/nowhere/x.jpg", 1, 5)] };

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(() => library.Pipeline().SearchAsync(Request(query)));

        Assert.Equal(5, error.Position);
        Assert.Contains("not a catalogued photo", error.Message, StringComparison.Ordinal);

        // Allowed to read files, the pipeline goes to the disk (and finds nothing there).
        await Assert.ThrowsAsync<FileNotFoundException>(() => library.Pipeline().SearchAsync(Request(query) with { AllowImageFiles = true }));
    }

    [Theory]
    [InlineData(PhotoOrientation.Portrait, new[] { "beach_people.jpg", "snow.jpg" })]
    [InlineData(PhotoOrientation.Landscape, new[] { "beach_sunset.jpg", "dog.jpg" })]
    [InlineData(PhotoOrientation.Square, new[] { "IMG_2041.jpg" })]
    public async Task Orientation_follows_the_displayed_shape(PhotoOrientation orientation, string[] expected)
    {
        var names = await NamesAsync(Request(Words("beach", new QueryFilters { Orientation = orientation })));

        Assert.Equal(expected.Order(), names.Order());
    }

    [Theory]
    [InlineData("50mm", new[] { "beach_sunset.jpg" })]
    [InlineData("rf 24-70", new[] { "snow.jpg" })]
    [InlineData("canon", new[] { "snow.jpg" })]
    [InlineData("85mm", new string[0])]
    public async Task Lens_matches_the_words_of_the_photos_lens(string lens, string[] expected)
    {
        var names = await NamesAsync(Request(Words("beach", new QueryFilters { Lenses = [lens] })));

        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Near_keeps_photos_within_the_radius()
    {
        var names = await NamesAsync(Request(Words("snow", new QueryFilters { Near = new GeoRadius(38.72, -9.14, 10) })));

        Assert.Equal(["beach_people.jpg", "beach_sunset.jpg"], names.Order());
    }

    [Theory]
    [InlineData("lisbon", new[] { "beach_people.jpg", "beach_sunset.jpg" })]
    [InlineData("Home", new[] { "IMG_2041.jpg", "dog.jpg" })]
    [InlineData("/library/Trips", new[] { "beach_people.jpg", "beach_sunset.jpg", "snow.jpg" })]
    public async Task Folder_matches_a_folder_name_anywhere_or_an_absolute_folder(string folder, string[] expected)
    {
        foreach (var stages in new[] { SearchStages.Vector, SearchStages.Hybrid })
        {
            var names = await NamesAsync(Request(Words("beach", new QueryFilters { Folders = [folder] }), stages));
            Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Keyword_hits_get_the_same_filters_as_vector_hits()
    {
        var query = new ParsedQuery { Text = "beach camera:canon", KeywordWords = ["beach"], Filters = new QueryFilters { Cameras = ["canon"] } };

        Assert.Equal(["beach_sunset.jpg"], await NamesAsync(Request(query, SearchStages.Keyword)));
    }

    [Fact]
    public async Task Host_filters_and_query_filters_must_both_hold()
    {
        var query = Words("beach", new QueryFilters { Libraries = ["Other"] });

        Assert.Empty(await NamesAsync(Request(query) with { Filter = new PhotoFilter { Libraries = ["Family"] } }));
        Assert.Equal(2, (await NamesAsync(Request(Words("beach", new QueryFilters { Folders = ["lisbon"] })) with { Filter = new PhotoFilter { Libraries = ["Family"] } })).Count);
    }

    [Fact]
    public async Task A_filter_only_query_lists_the_matching_photos()
    {
        var query = new ParsedQuery { Text = "orientation:portrait", Filters = new QueryFilters { Orientation = PhotoOrientation.Portrait } };

        var results = await library.Pipeline().SearchAsync(Request(query));

        Assert.Equal(["snow.jpg", "beach_people.jpg"], results.Hits.Select(h => Path.GetFileName(h.Path)));
        Assert.All(results.Hits, h => Assert.Equal(0, h.Score));
    }

    [Fact]
    public async Task Explain_gives_each_stage_its_rank_and_score_and_times_each_stage()
    {
        var results = await library.Pipeline().SearchAsync(Request(Words("beach")) with { Explain = true });

        var top = results.Hits[0];
        Assert.Equal(["vector", "keyword", "fused", "cut"], top.Stages.Select(s => s.Stage));
        Assert.All(top.Stages.Where(s => s.Stage != "keyword"), s => Assert.Equal(1, s.Rank));
        Assert.InRange(top.Stages.Single(s => s.Stage == "keyword").Rank!.Value, 1, 2);
        Assert.Equal(top.Score, top.Stages.Single(s => s.Stage == "fused").Score);
        Assert.Equal(["vector", "keyword", "filter", "fuse", "cut", "page"], results.Timings.Select(t => t.Stage));
        Assert.All(results.Timings, t => Assert.True(t.Milliseconds >= 0));
    }

    [Fact]
    public async Task Auto_cutoff_hides_the_tail_under_the_largest_drop_and_counts_it()
    {
        var collection = CollectionNames.ForModel(library.Model.Id);
        library.Floors.Save(new ScoreFloor(collection, 5, 0.5, 95, DateTime.UtcNow));

        var request = Request(Words("beach"), SearchStages.Vector) with { Cutoff = SearchCutoff.Auto };

        var results = await library.Pipeline(new SearchOptions { CutoffMinimumKept = 1 }).SearchAsync(request);

        Assert.Equal(["beach_sunset.jpg", "beach_people.jpg"], results.Hits.Select(h => Path.GetFileName(h.Path)));
        Assert.Equal(3, results.HiddenByCutoff);

        // Kept at least three above the floor, the drop after the second does not count; the floor still cuts.
        var atLeastThree = await library.Pipeline(new SearchOptions { CutoffMinimumKept = 3 }).SearchAsync(request);
        Assert.Equal(["beach_sunset.jpg", "beach_people.jpg", "dog.jpg"], atLeastThree.Hits.Select(h => Path.GetFileName(h.Path)));
        Assert.Equal(2, atLeastThree.HiddenByCutoff);
    }

    [Fact]
    public async Task Auto_cutoff_hides_everything_under_the_floor()
    {
        library.Floors.Save(new ScoreFloor(CollectionNames.ForModel(library.Model.Id), 5, 0.999, 95, DateTime.UtcNow));

        var results = await library.Pipeline().SearchAsync(Request(Words("cake"), SearchStages.Vector) with { Cutoff = SearchCutoff.Auto });

        Assert.Empty(results.Hits);
        Assert.Equal(5, results.HiddenByCutoff);
    }

    [Fact]
    public async Task The_page_is_taken_after_the_cut()
    {
        var all = await NamesAsync(Request(Words("beach"), SearchStages.Vector));
        var second = await library.Pipeline().SearchAsync(Request(Words("beach"), SearchStages.Vector) with { K = 2, Offset = 2 });

        Assert.Equal(all.Skip(2).Take(2), second.Hits.Select(h => Path.GetFileName(h.Path)));
    }

    [Fact]
    public async Task The_rerank_stage_reorders_the_top_by_the_fused_score_plus_the_match_probability()
    {
        var pipeline = library.Pipeline(new SearchOptions { RerankDepth = 3 }, new ReversingReranker());

        var results = await pipeline.SearchAsync(Request(Words("beach"), SearchStages.Vector | SearchStages.Rerank) with { Explain = true });

        // Cosines 0.9988, 0.9429, 0.6727 plus probabilities 0.7, 0.8, 0.9: 1.6988, 1.7429, 1.5727.
        Assert.Equal(["beach_people.jpg", "beach_sunset.jpg", "dog.jpg", "snow.jpg"], results.Hits.Take(4).Select(h => Path.GetFileName(h.Path)));
        Assert.Equal(new StageScore("rerank", 1, 0.8), results.Hits[0].Stages.Single(s => s.Stage == "rerank"));
        Assert.Contains(results.Timings, t => t.Stage == "rerank");
    }

    [Fact]
    public async Task Asking_for_a_rerank_without_a_reranker_is_bad_input()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => library.Pipeline().SearchAsync(Request(Words("beach"), SearchStages.Hybrid | SearchStages.Rerank)));
    }

    [Fact]
    public async Task A_keyword_only_search_without_keyword_words_points_at_the_query()
    {
        var query = new ParsedQuery { Text = "like:1", VectorTerms = [new(QueryTermKind.Image, "1", 1, 5)] };

        var error = await Assert.ThrowsAsync<QuerySyntaxException>(() => library.Pipeline().SearchAsync(Request(query, SearchStages.Keyword)));

        Assert.Contains("no words", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Gives the top hits probabilities in reverse order: 0.9 to the last one it sees.</summary>
    private sealed class ReversingReranker : IRerankStage
    {
        public Task<IReadOnlyList<RerankScore>> RerankAsync(ParsedQuery query, IEmbeddingModel model, IReadOnlyList<RankedHit> hits, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RerankScore>>([.. hits.Select((h, i) => new RerankScore(h.Id, 0.9 - ((hits.Count - 1 - i) * 0.1)))]);
    }
}
