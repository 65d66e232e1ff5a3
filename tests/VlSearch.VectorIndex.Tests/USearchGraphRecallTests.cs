using VlSearch.Core;
using VlSearch.USearch;

namespace VlSearch.VectorIndex.Tests;

/// <summary>
/// Graph search where it is approximate: a collection past the exact-search threshold, searched with the default
/// expansion, must still find nearly all true neighbours.
/// </summary>
public sealed class USearchGraphRecallTests : IDisposable
{
    private const int Count = 20_000;
    private const int Dimension = 64;
    private const int Queries = 60;
    private const int K = 10;

    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Graph_search_with_default_expansion_finds_at_least_95_percent_of_the_true_top_10()
    {
        // Defaults everywhere except the threshold, so that no query is answered by an exact scan.
        var options = new USearchOptions { ExactSearchBelow = 0 };
        Assert.Equal(new USearchOptions().ExpansionSearch, options.ExpansionSearch);
        var data = new TestData(Count, Dimension, seed: 21);
        var spec = new CollectionSpec("recall-model", Dimension);
        await using var index = new USearchVectorIndex(_folder.Path, options);
        await index.EnsureCollectionAsync(spec);
        await index.UpsertAsync(spec.Name, data.Records);
        Assert.Equal(Count, await index.CountAsync(spec.Name));

        var found = 0;
        for (var q = 0; q < Queries; q++)
        {
            var query = data.Query(1_000 + q);
            var truth = data.BruteForce(query, K).Select(t => t.Id).ToHashSet();
            var hits = await index.SearchAsync(spec.Name, new VectorSearchRequest(query, K));
            Assert.Equal(K, hits.Count);
            found += hits.Count(h => truth.Contains(h.Id));
        }

        var recall = (double)found / (Queries * K);
        Assert.True(recall >= 0.95, $"recall@{K} over {Queries} queries was {recall:F3}");
    }

    public void Dispose() => _folder.Dispose();
}
