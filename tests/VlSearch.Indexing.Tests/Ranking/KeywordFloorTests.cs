using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

/// <summary>
/// The keyword floor of a fused search: six camera files share the word "dscf"; the query names one of them, whose
/// vector is the farthest of the six from the query's. Twenty phone photos keep "dscf" a rare enough word to rank by.
/// </summary>
public sealed class KeywordFloorTests : IAsyncLifetime
{
    private RankingLibrary library = null!;

    public async Task InitializeAsync()
    {
        library = await RankingLibrary.CreateAsync();
        await library.AddAsync(new("Camera/DSCF1001.jpg", [0.1f, 0, 1]));
        await library.AddAsync(new("Camera/DSCF1002.jpg", [0.15f, 0, 1]));
        await library.AddAsync(new("Camera/DSCF1003.jpg", [1, 0, 0.05f]));
        await library.AddAsync(new("Camera/DSCF1004.jpg", [0.2f, 0, 1]));
        await library.AddAsync(new("Camera/DSCF1005.jpg", [0.25f, 0, 1]));
        await library.AddAsync(new("Camera/DSCF1006.jpg", [0.3f, 0, 1]));
        for (var i = 0; i < 20; i++)
        {
            await library.AddAsync(new($"Phone/PXL_{i:D4}.jpg", [0, 1, -0.2f]));
        }
    }

    public async Task DisposeAsync() => await library.DisposeAsync();

    private SearchRequest Request() => new()
    {
        Query = new ParsedQuery
        {
            Text = "DSCF1003",
            VectorTerms = [new QueryTerm(QueryTermKind.Text, "snow", 1, 0)],
            KeywordWords = ["DSCF1003"],
        },
        Model = library.Model,
        K = 10,
        Stages = SearchStages.Hybrid,
        Cutoff = SearchCutoff.None,
        Fusion = FusionMethod.ReciprocalRank,
    };

    [Fact]
    public async Task A_fused_search_ranks_the_file_the_query_names_first_though_its_vector_is_the_farthest()
    {
        var results = await library.Pipeline().SearchAsync(Request());

        var top = results.Hits[0];
        Assert.Equal(RankingLibrary.PathOf("Camera/DSCF1003.jpg"), top.Path);
        Assert.Equal(6, top.Stages.Single(s => s.Stage == "vector").Rank);

        // The files matching only "dscf" are under half the named file's keyword score, so only it holds a keyword rank.
        Assert.All(results.Hits.Skip(1), h => Assert.Null(h.Stages.Single(s => s.Stage == "keyword").Rank));
    }

    [Fact]
    public async Task Without_the_floor_the_files_sharing_only_the_common_word_outvote_it()
    {
        var results = await library.Pipeline(new SearchOptions { KeywordFloor = 0 }).SearchAsync(Request());

        Assert.NotEqual(RankingLibrary.PathOf("Camera/DSCF1003.jpg"), results.Hits[0].Path);
        Assert.Equal(6, results.Hits.Count(h => h.Stages.Single(s => s.Stage == "keyword").Rank is not null));
    }

    [Fact]
    public async Task A_keyword_only_search_keeps_every_match()
    {
        var results = await library.Pipeline().SearchAsync(Request() with { Stages = SearchStages.Keyword });

        Assert.Equal(RankingLibrary.PathOf("Camera/DSCF1003.jpg"), results.Hits[0].Path);
        Assert.Equal(6, results.Hits.Count);
    }
}
