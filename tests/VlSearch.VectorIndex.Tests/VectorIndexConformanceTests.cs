using VlSearch.Core;

namespace VlSearch.VectorIndex.Tests;

/// <summary>
/// Behaviour every <see cref="IVectorIndex"/> must show. Each implementation derives once and supplies the factory;
/// answers are checked against brute-force cosine search over the same data.
/// </summary>
public abstract partial class VectorIndexConformanceTests : IAsyncLifetime
{
    protected const int Dimension = 32;
    private readonly List<string> _collections = [];
    private IVectorIndex? _index;

    /// <summary>Number of vectors in the main data set.</summary>
    protected virtual int Count => 1000;

    /// <summary>How far scores may drift from <see cref="VectorMath.Cosine"/> (storage quantization).</summary>
    protected virtual float ScoreTolerance => 2e-3f;

    protected IVectorIndex Index => _index ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => _index = await CreateIndexAsync();

    public async Task DisposeAsync()
    {
        if (_index is null)
        {
            return;
        }

        foreach (var collection in _collections)
        {
            await _index.DropCollectionAsync(collection);
        }

        await _index.DisposeAsync();
        await DisposeStorageAsync();
    }

    /// <summary>Creates an index over fresh, empty storage.</summary>
    protected abstract Task<IVectorIndex> CreateIndexAsync();

    /// <summary>Disposes the index and opens a new one over the same storage (files or server).</summary>
    protected abstract Task<IVectorIndex> ReopenAsync(IVectorIndex index);

    /// <summary>
    /// A second, independent client over the same storage (files or server), as another process would open it;
    /// the caller disposes it.
    /// </summary>
    protected abstract Task<IVectorIndex> OpenAnotherClientAsync();

    protected virtual Task DisposeStorageAsync() => Task.CompletedTask;

    [ConformanceFact]
    public async Task Search_returns_the_nearest_vectors_first_with_cosine_scores()
    {
        var (collection, data) = await SeedAsync();
        for (var q = 0; q < 5; q++)
        {
            var query = data.Query(100 + q);
            var hits = await Index.SearchAsync(collection, new VectorSearchRequest(query, 10));
            AssertRanking(data.BruteForce(query, 10), hits);
            AssertScoresAreCosines(data, query, hits);
        }
    }

    private static readonly Dictionary<string, PhotoFilter> Filters = new()
    {
        ["library"] = new PhotoFilter { Libraries = ["work"] },
        ["two libraries"] = new PhotoFilter { Libraries = ["work", "archive"] },
        ["taken from"] = new PhotoFilter { TakenFrom = TestData.FirstDay.AddDays(400) },
        ["taken to"] = new PhotoFilter { TakenTo = TestData.FirstDay.AddDays(300) },
        ["taken between"] = new PhotoFilter { TakenFrom = TestData.FirstDay.AddDays(100), TakenTo = TestData.FirstDay.AddDays(200) },
        ["camera"] = new PhotoFilter { Cameras = ["Pixel 8", "Nikon Z6"] },
        ["file type"] = new PhotoFilter { FileTypes = ["png"] },
        ["one tag"] = new PhotoFilter { Tags = ["three"] },
        ["all tags"] = new PhotoFilter { Tags = ["three", "even"] },
        ["path prefix"] = new PhotoFilter { PathPrefix = "/photos/2021/" },
        ["nested path prefix"] = new PhotoFilter { PathPrefix = "/photos/2022/trip/" },
        ["combined"] = new PhotoFilter { Libraries = ["home", "work"], FileTypes = ["jpeg", "webp"], TakenFrom = TestData.FirstDay.AddDays(50) },
    };

    [ConformanceFact]
    public async Task Every_filter_kind_returns_the_best_matches_among_matching_photos()
    {
        var (collection, data) = await SeedAsync();
        var query = data.Query(200);
        foreach (var (kind, filter) in Filters)
        {
            var expected = data.BruteForce(query, 10, filter);
            Assert.True(expected.Count == 10, $"{kind} should match at least 10 test photos");
            var hits = await Index.SearchAsync(collection, new VectorSearchRequest(query, 10) { Filter = filter });
            Assert.All(hits, h => Assert.True(filter.Matches(h.Payload), $"{h.Id} does not match {kind}"));
            AssertRanking(expected, hits, kind);
        }
    }

    [ConformanceFact]
    public async Task A_one_percent_filter_returns_exactly_the_best_matches_within_the_subset()
    {
        var (collection, data) = await SeedAsync();
        var filter = new PhotoFilter { Tags = ["rare"] };
        Assert.Equal(Count / 100, data.Records.Count(r => filter.Matches(r.Payload)));
        for (var q = 0; q < 3; q++)
        {
            var query = data.Query(300 + q);
            var hits = await Index.SearchAsync(collection, new VectorSearchRequest(query, 5) { Filter = filter });
            var expected = data.BruteForce(query, 5, filter);
            Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id));
        }
    }

    [ConformanceFact]
    public async Task A_filter_matching_nothing_returns_no_hits()
    {
        var (collection, data) = await SeedAsync();
        var hits = await Index.SearchAsync(collection, new VectorSearchRequest(data.Query(1), 10) { Filter = new PhotoFilter { Cameras = ["Polaroid"] } });
        Assert.Empty(hits);
    }

    [ConformanceFact]
    public async Task Score_threshold_drops_weaker_hits()
    {
        var (collection, data) = await SeedAsync();
        var query = data.Query(400);
        var expected = data.BruteForce(query, 20);
        var threshold = (expected[5].Score + expected[6].Score) / 2;
        var unbounded = await Index.SearchAsync(collection, new VectorSearchRequest(query, 20));
        var hits = await Index.SearchAsync(collection, new VectorSearchRequest(query, 20) { ScoreThreshold = threshold });

        Assert.InRange(hits.Count, 1, 19);
        Assert.All(hits, h => Assert.True(h.Score >= threshold));
        Assert.Equal(unbounded.Where(h => h.Score >= threshold).Select(h => h.Id), hits.Select(h => h.Id));

        // Quantized storage may move a score across the threshold by the tolerance, never further.
        var certain = expected.Where(e => e.Score >= threshold + ScoreTolerance).Select(e => e.Id);
        Assert.All(certain, id => Assert.Contains(hits, h => h.Id == id));
        Assert.All(hits, h => Assert.Contains(expected, e => e.Id == h.Id && e.Score >= threshold - ScoreTolerance));
    }

    [ConformanceFact]
    public async Task Offset_pages_through_the_ranking()
    {
        var (collection, data) = await SeedAsync();
        var query = data.Query(500);
        var first = await Index.SearchAsync(collection, new VectorSearchRequest(query, 5));
        var second = await Index.SearchAsync(collection, new VectorSearchRequest(query, 5) { Offset = 5 });
        var all = await Index.SearchAsync(collection, new VectorSearchRequest(query, 10));
        ScoredPhoto[] paged = [.. first, .. second];

        // Pages never overlap and follow the single-request ranking; hits whose stored scores tie exactly may
        // come in either order, so positions are compared by score.
        Assert.Equal(10, paged.Select(h => h.Id).Distinct().Count());
        Assert.Equal(all.Count, paged.Length);
        for (var i = 0; i < paged.Length; i++)
        {
            Assert.Equal(all[i].Score, paged[i].Score, 1e-5f);
        }

        AssertRanking(data.BruteForce(query, 10), paged);
    }

    [ConformanceFact]
    public async Task Deleted_vectors_are_no_longer_found_or_counted()
    {
        var (collection, data) = await SeedAsync();
        var query = data.Query(600);
        var before = await Index.SearchAsync(collection, new VectorSearchRequest(query, 3));
        var deleted = before.Select(h => h.Id).ToList();
        await Index.DeleteAsync(collection, [.. deleted, 9_999_999]);

        Assert.Equal(Count - deleted.Count, await Index.CountAsync(collection));
        Assert.Null(await Index.GetAsync(collection, deleted[0]));
        var remaining = data.Records.Where(r => !deleted.Contains(r.Id)).ToList();
        var after = await Index.SearchAsync(collection, new VectorSearchRequest(query, 10));
        Assert.DoesNotContain(after, h => deleted.Contains(h.Id));
        AssertRanking(data.BruteForce(query, 10, records: remaining), after);
    }

    [ConformanceFact]
    public async Task Upserting_an_existing_id_replaces_its_vector_and_payload()
    {
        var (collection, data) = await SeedAsync();
        var target = data.Records[42];
        var newVector = data.Query(700);
        var newPayload = new PhotoPayload { Path = "/moved/elsewhere.png", Library = "work", FileType = "png", Tags = ["moved"] };
        await Index.UpsertAsync(collection, [new VectorRecord(target.Id, newVector, newPayload)]);

        Assert.Equal(Count, await Index.CountAsync(collection));
        var stored = await Index.GetAsync(collection, target.Id);
        Assert.NotNull(stored);
        Assert.Equal(newPayload.Path, stored.Payload.Path);
        Assert.Equal(["moved"], stored.Payload.Tags);
        Assert.True(VectorMath.Cosine(newVector, stored.Vector) > 1 - ScoreTolerance);

        var hits = await Index.SearchAsync(collection, new VectorSearchRequest(newVector, 1));
        Assert.Equal(target.Id, Assert.Single(hits).Id);
        Assert.Equal(1f, hits[0].Score, ScoreTolerance);
        var old = await Index.SearchAsync(collection, new VectorSearchRequest(target.Vector, 1));
        Assert.NotEqual(target.Id, Assert.Single(old).Id);
    }

    [ConformanceFact]
    public async Task Get_returns_the_stored_vector_and_every_payload_field()
    {
        var (collection, data) = await SeedAsync();
        foreach (var record in data.Records.Take(12))
        {
            var stored = await Index.GetAsync(collection, record.Id);
            Assert.NotNull(stored);
            Assert.True(VectorMath.Cosine(record.Vector, stored.Vector) > 1 - ScoreTolerance);
            AssertPayloadEqual(record.Payload, stored.Payload);
        }

        Assert.Null(await Index.GetAsync(collection, 123_456_789));
    }

    [ConformanceFact]
    public async Task Flushed_data_survives_reopening()
    {
        var (collection, data) = await SeedAsync();
        await Index.DeleteAsync(collection, [data.Records[0].Id]);
        await Index.FlushAsync();
        var query = data.Query(800);
        var before = await Index.SearchAsync(collection, new VectorSearchRequest(query, 10));

        _index = await ReopenAsync(Index);

        Assert.Equal(Count - 1, await Index.CountAsync(collection));
        Assert.Null(await Index.GetAsync(collection, data.Records[0].Id));
        var after = await Index.SearchAsync(collection, new VectorSearchRequest(query, 10));
        Assert.Equal(before.Select(h => h.Id), after.Select(h => h.Id));
        AssertPayloadEqual(data.Records[5].Payload, (await Index.GetAsync(collection, data.Records[5].Id))!.Payload);
        AssertRanking(data.BruteForce(query, 10, records: data.Records.Skip(1)), after);
    }

    [ConformanceFact]
    public async Task An_empty_collection_answers_with_no_hits_and_zero_count()
    {
        var collection = await NewCollectionAsync(Dimension);
        Assert.Empty(await Index.SearchAsync(collection, new VectorSearchRequest(new TestData(1, Dimension).Records[0].Vector, 10)));
        Assert.Equal(0, await Index.CountAsync(collection));
        Assert.Equal(0, await Index.CountAsync("vlsearch_never_created"));
        Assert.Null(await Index.GetAsync("vlsearch_never_created", 1));
    }

    [ConformanceFact]
    public async Task Vectors_of_the_wrong_dimension_are_rejected()
    {
        var (collection, data) = await SeedAsync(count: 20);
        var payload = new PhotoPayload { Path = "/x.jpg" };
        await Assert.ThrowsAsync<VectorIndexException>(() =>
            Index.UpsertAsync(collection, [new VectorRecord(5000, new float[Dimension + 1], payload)]));
        await Assert.ThrowsAsync<VectorIndexException>(() =>
            Index.UpsertAsync(collection, [data.Records[0] with { Id = 5001 }, new VectorRecord(5002, new float[Dimension - 1], payload)]));
        await Assert.ThrowsAsync<VectorIndexException>(() =>
            Index.SearchAsync(collection, new VectorSearchRequest(new float[Dimension * 2], 3)));
        await Assert.ThrowsAsync<VectorIndexException>(() =>
            Index.EnsureCollectionAsync(new CollectionSpec(ModelIdOf(collection), Dimension + 8)));
        Assert.Equal(20, await Index.CountAsync(collection));
        Assert.Null(await Index.GetAsync(collection, 5001));
    }

    [ConformanceFact]
    public async Task Collections_keep_their_vectors_apart()
    {
        var (first, firstData) = await SeedAsync(count: 50);
        var second = await NewCollectionAsync(Dimension * 2);
        var secondData = new TestData(30, Dimension * 2, seed: 11, firstId: 10_000);
        await Index.UpsertAsync(second, secondData.Records);

        Assert.Equal(50, await Index.CountAsync(first));
        Assert.Equal(30, await Index.CountAsync(second));
        var hits = await Index.SearchAsync(second, new VectorSearchRequest(secondData.Query(1), 100));
        Assert.Equal(30, hits.Count);
        Assert.All(hits, h => Assert.InRange(h.Id, 10_000, 10_029));
        var firstHits = await Index.SearchAsync(first, new VectorSearchRequest(firstData.Query(1), 100));
        Assert.All(firstHits, h => Assert.InRange(h.Id, 1, 50));

        await Index.DropCollectionAsync(second);
        Assert.Equal(0, await Index.CountAsync(second));
        Assert.Equal(50, await Index.CountAsync(first));
    }

    [ConformanceFact]
    public async Task Count_follows_inserts_and_deletes()
    {
        var collection = await NewCollectionAsync(Dimension);
        var data = new TestData(300, Dimension);
        await Index.UpsertAsync(collection, data.Records[..100]);
        Assert.Equal(100, await Index.CountAsync(collection));
        await Index.UpsertAsync(collection, data.Records[50..300]);
        Assert.Equal(300, await Index.CountAsync(collection));
        await Index.DeleteAsync(collection, data.Records[..10].Select(r => r.Id).ToList());
        Assert.Equal(290, await Index.CountAsync(collection));
    }

    protected async Task<string> NewCollectionAsync(int dimension)
    {
        var spec = new CollectionSpec($"conf-{Guid.NewGuid():N}", dimension);
        _collections.Add(spec.Name);
        await Index.EnsureCollectionAsync(spec);
        await Index.EnsureCollectionAsync(spec);
        return spec.Name;
    }

    protected async Task<(string Collection, TestData Data)> SeedAsync(int? count = null)
    {
        var collection = await NewCollectionAsync(Dimension);
        var data = new TestData(count ?? Count, Dimension);
        await Index.UpsertAsync(collection, data.Records);
        return (collection, data);
    }

    protected static string ModelIdOf(string collection) => collection["vlsearch_".Length..];

    /// <summary>
    /// Same hits in the same order as the brute-force answer; positions whose true scores tie within the tolerance
    /// may swap, so each position is compared by score and each hit's score by its true cosine.
    /// </summary>
    protected void AssertRanking(IReadOnlyList<(long Id, float Score)> expected, IReadOnlyList<ScoredPhoto> actual, string context = "")
    {
        Assert.True(expected.Count == actual.Count, $"{context}: expected {expected.Count} hits, got {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                Math.Abs(expected[i].Score - actual[i].Score) <= ScoreTolerance,
                $"{context} rank {i}: expected id {expected[i].Id} ({expected[i].Score}), got {actual[i].Id} ({actual[i].Score})");
        }

        Assert.Equal(actual.Count, actual.Select(h => h.Id).Distinct().Count());
    }

    private void AssertScoresAreCosines(TestData data, float[] query, IReadOnlyList<ScoredPhoto> hits)
    {
        var byId = data.Records.ToDictionary(r => r.Id);
        foreach (var hit in hits)
        {
            Assert.Equal(VectorMath.Cosine(query, byId[hit.Id].Vector), hit.Score, ScoreTolerance);
            Assert.Equal(hit.Score, hit.VectorScore);
        }
    }

    protected static void AssertPayloadEqual(PhotoPayload expected, PhotoPayload actual)
    {
        Assert.Equal(expected.Path, actual.Path);
        Assert.Equal(expected.Library, actual.Library);
        Assert.Equal(expected.TakenAt, actual.TakenAt);
        Assert.Equal(expected.Camera, actual.Camera);
        Assert.Equal(expected.FileType, actual.FileType);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Caption, actual.Caption);
    }
}
