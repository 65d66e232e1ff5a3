using Grpc.Core;
using Qdrant.Client.Grpc;
using VlSearch.Core;
using VlSearch.Qdrant;

namespace VlSearch.VectorIndex.Tests;

/// <summary>Qdrant-specific behaviour of the adapter: collection setup, batching, payload layout and retries.</summary>
public sealed class QdrantAdapterTests : IAsyncLifetime
{
    private const int Dimension = 8;
    private static readonly CollectionSpec Spec = new("adapter-model", Dimension);
    private QdrantTestDoubleHost? _host;

    private QdrantTestDoubleHost Host => _host!;

    public async Task InitializeAsync() => _host = await QdrantTestDoubleHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task New_collections_get_the_cluster_settings_and_an_index_on_every_filter_field()
    {
        await using var index = Create(o =>
        {
            o.ShardNumber = 3;
            o.ReplicationFactor = 2;
            o.WriteConsistencyFactor = 2;
        });
        await index.EnsureCollectionAsync(Spec);

        var creation = Host.Double.CreationRequest(Spec.Name)!;
        Assert.Equal(3u, creation.ShardNumber);
        Assert.Equal(2u, creation.ReplicationFactor);
        Assert.Equal(2u, creation.WriteConsistencyFactor);
        Assert.Equal((ulong)Dimension, creation.VectorsConfig.Params.Size);
        Assert.Equal(Distance.Cosine, creation.VectorsConfig.Params.Distance);
        Assert.Equal(
            new Dictionary<string, FieldType>
            {
                ["library"] = FieldType.Keyword,
                ["taken_at"] = FieldType.Integer,
                ["camera"] = FieldType.Keyword,
                ["file_type"] = FieldType.Keyword,
                ["camera_folded"] = FieldType.Keyword,
                ["file_type_folded"] = FieldType.Keyword,
                ["tags"] = FieldType.Keyword,
                ["path"] = FieldType.Keyword,
                ["dirs"] = FieldType.Keyword,
            },
            Host.Double.FieldIndexes(Spec.Name));
    }

    [Fact]
    public async Task Ensuring_an_existing_collection_adds_only_missing_payload_indexes_and_checks_the_dimension()
    {
        await using var index = Create();
        await index.EnsureCollectionAsync(Spec);
        var created = Host.Double.Calls("Points/CreateFieldIndex");
        await index.EnsureCollectionAsync(Spec);

        Assert.Equal(9, created);
        Assert.Equal(created, Host.Double.Calls("Points/CreateFieldIndex"));
        Assert.Equal(1, Host.Double.Calls("Collections/Create"));
        await Assert.ThrowsAsync<VectorIndexException>(() => index.EnsureCollectionAsync(Spec with { Dimension = Dimension * 2 }));
    }

    [Fact]
    public async Task Upserts_are_sent_in_batches_of_the_configured_size()
    {
        await using var index = Create(o => o.BatchSize = 256);
        await index.EnsureCollectionAsync(Spec);
        await index.UpsertAsync(Spec.Name, new TestData(600, Dimension).Records);

        Assert.Equal(3, Host.Double.Calls("Points/Upsert"));
        Assert.Equal(600, await index.CountAsync(Spec.Name));
    }

    [Fact]
    public async Task Payloads_carry_the_folder_prefixes_of_the_path_and_the_time_as_milliseconds()
    {
        await using var index = Create();
        await index.EnsureCollectionAsync(Spec);
        var payload = new PhotoPayload { Path = "/photos/2021/trip/a.jpg", TakenAt = new DateTime(2021, 6, 1, 12, 0, 0), Tags = ["sea", "sun"] };
        await index.UpsertAsync(Spec.Name, [new VectorRecord(77, new TestData(1, Dimension).Records[0].Vector, payload)]);

        var stored = Host.Double.StoredPayload(Spec.Name, 77)!;
        Assert.Equal(["/", "/photos/", "/photos/2021/", "/photos/2021/trip/"], stored["dirs"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal(new DateTimeOffset(2021, 6, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), stored["taken_at"].IntegerValue);
        Assert.Equal(["sea", "sun"], stored["tags"].ListValue.Values.Select(v => v.StringValue));
        Assert.False(stored.ContainsKey("library"));

        var hits = await index.SearchAsync(Spec.Name, new VectorSearchRequest(new TestData(1, Dimension).Records[0].Vector, 5)
        {
            Filter = new PhotoFilter { PathPrefix = "/photos/2021" },
        });
        Assert.Equal(77, Assert.Single(hits).Id);
    }

    [Fact]
    public async Task Camera_and_file_type_are_stored_as_given_and_case_folded_for_filtering()
    {
        await using var index = Create();
        await index.EnsureCollectionAsync(Spec);
        var vector = new TestData(1, Dimension).Records[0].Vector;
        var payload = new PhotoPayload { Path = "/p/a.jpg", Camera = "Pixel 8", FileType = "jpeg" };
        await index.UpsertAsync(Spec.Name, [new VectorRecord(5, vector, payload), new VectorRecord(6, vector, payload)]);

        var stored = Host.Double.StoredPayload(Spec.Name, 5)!;
        Assert.Equal("Pixel 8", stored["camera"].StringValue);
        Assert.Equal("PIXEL 8", stored["camera_folded"].StringValue);
        Assert.Equal("JPEG", stored["file_type_folded"].StringValue);
        Assert.Equal("Pixel 8", (await index.GetAsync(Spec.Name, 5))!.Payload.Camera);

        // A point written before the folded copies existed still matches its exact spelling, not another case.
        Host.Double.EditPayload(Spec.Name, 6, old =>
        {
            old.Remove("camera_folded");
            old.Remove("file_type_folded");
        });
        async Task<long[]> Found(PhotoFilter filter) =>
            (await index.SearchAsync(Spec.Name, new VectorSearchRequest(vector, 5) { Filter = filter })).Select(h => h.Id).Order().ToArray();
        var exact = await Found(new PhotoFilter { Cameras = ["Pixel 8"], FileTypes = ["jpeg"] });
        var otherCameraCase = await Found(new PhotoFilter { Cameras = ["PIXEL 8"] });
        var otherFileTypeCase = await Found(new PhotoFilter { FileTypes = ["Jpeg"] });
        Assert.Equal(new long[] { 5, 6 }, exact);
        Assert.Equal(new long[] { 5 }, otherCameraCase);
        Assert.Equal(new long[] { 5 }, otherFileTypeCase);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public async Task Transient_errors_are_retried_until_the_call_succeeds(StatusCode status)
    {
        await using var index = Create(o => o.MaxRetries = 4);
        await index.EnsureCollectionAsync(Spec);
        Host.Double.FailNext(3, status);
        await index.UpsertAsync(Spec.Name, new TestData(10, Dimension).Records);

        Assert.Equal(4, Host.Double.Calls("Points/Upsert"));
        Assert.Equal(10, await index.CountAsync(Spec.Name));
    }

    [Fact]
    public async Task A_server_that_stays_unavailable_fails_after_the_configured_retries()
    {
        await using var index = Create(o => o.MaxRetries = 2);
        await index.EnsureCollectionAsync(Spec);
        Host.Double.FailNext(100, StatusCode.Unavailable);

        var error = await Assert.ThrowsAsync<VectorIndexException>(() => index.UpsertAsync(Spec.Name, new TestData(5, Dimension).Records));
        Assert.Contains("after 3 attempts", error.Message);
        Assert.Equal(3, Host.Double.Calls("Points/Upsert"));
        Host.Double.FailNext(0, StatusCode.OK);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        await using var index = Create(o => o.MaxRetries = 5);
        await index.EnsureCollectionAsync(Spec);
        Host.Double.FailNext(1, StatusCode.PermissionDenied);

        var error = await Assert.ThrowsAsync<VectorIndexException>(() => index.UpsertAsync(Spec.Name, new TestData(5, Dimension).Records));
        Assert.Contains("PermissionDenied", error.Message);
        Assert.Equal(1, Host.Double.Calls("Points/Upsert"));
    }

    [Fact]
    public async Task Operations_on_a_missing_collection_fail_or_answer_empty()
    {
        await using var index = Create();
        await Assert.ThrowsAsync<VectorIndexException>(() => index.UpsertAsync("vlsearch_missing", new TestData(1, Dimension).Records));
        await Assert.ThrowsAsync<VectorIndexException>(() => index.SearchAsync("vlsearch_missing", new VectorSearchRequest(new float[Dimension], 1)));
        await index.DeleteAsync("vlsearch_missing", [1, 2]);
        await index.DropCollectionAsync("vlsearch_missing");
        Assert.Equal(0, await index.CountAsync("vlsearch_missing"));
        Assert.Null(await index.GetAsync("vlsearch_missing", 1));
    }

    private QdrantVectorIndex Create(Action<QdrantOptions>? configure = null)
    {
        var options = new QdrantOptions { Url = Host.Url, InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(20) };
        configure?.Invoke(options);
        return new QdrantVectorIndex(options);
    }
}
