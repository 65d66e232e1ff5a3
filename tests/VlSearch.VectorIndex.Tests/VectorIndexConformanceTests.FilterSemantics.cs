using VlSearch.Core;

namespace VlSearch.VectorIndex.Tests;

/// <summary>The documented <see cref="PhotoFilter"/> semantics, one table run against every index.</summary>
public abstract partial class VectorIndexConformanceTests
{
    [ConformanceFact]
    public async Task Every_documented_filter_rule_returns_exactly_the_matching_photos()
    {
        var collection = await NewCollectionAsync(Dimension);
        var random = new Random(3);
        var records = FilterSemantics.Photos.Select(p => new VectorRecord(p.Key, TestData.Gaussian(random, Dimension, 1f), p.Value)).ToList();
        await Index.UpsertAsync(collection, records);
        var query = TestData.Gaussian(random, Dimension, 1f);
        var failures = new List<string>();
        foreach (var row in FilterSemantics.Cases)
        {
            var (rule, filter, expected) = ((string)row[0], (PhotoFilter)row[1], (long[])row[2]);
            var hits = await Index.SearchAsync(collection, new VectorSearchRequest(query, FilterSemantics.Photos.Count) { Filter = filter });
            var found = hits.Select(h => h.Id).Order().ToArray();
            if (!expected.SequenceEqual(found))
            {
                failures.Add($"{rule}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", found)}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
