using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using VlSearch.Imaging;

namespace VlSearch.Indexing.Tests;

/// <summary>Encodes are counted on the indexing meter and logged per batch, so out-of-process workers can be audited.</summary>
public sealed class EncodeDiagnosticsTests : IAsyncLifetime
{
    private readonly PhotoFolder folder = new();
    private readonly InMemoryVectorIndex index = new();

    // Unique per test: listeners see the meters of every test running in parallel.
    private readonly FakeMeanColourModel model = new("fake-" + Guid.NewGuid().ToString("N"));
    private InMemoryCatalog catalog = null!;

    public async Task InitializeAsync()
    {
        catalog = await InMemoryCatalog.CreateAsync();
        folder.Write("red.png", 200, 30, 30);
        folder.Write(Path.Combine("sub", "green.png"), 30, 200, 30);
        folder.Write("blue.png", 30, 30, 200);
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Every_encoded_file_is_counted_once_on_the_meter_the_factory_creates()
    {
        using var factory = new TestMeterFactory();
        using var listener = new EncodeCounterListener(model.Id, scope: factory);
        var indexer = CreateIndexer(meterFactory: factory);

        await indexer.IndexAsync(new LibraryRequest(folder.Root), model);
        Assert.Equal(3, listener.Total);

        await indexer.IndexAsync(new LibraryRequest(folder.Root), model);
        Assert.Equal(3, listener.Total);
    }

    [Fact]
    public async Task Without_a_meter_factory_encodes_are_counted_on_a_shared_meter()
    {
        using var listener = new EncodeCounterListener(model.Id, scope: null);
        var indexer = CreateIndexer();

        await indexer.IndexAsync(new LibraryRequest(folder.Root), model);

        Assert.Equal(3, listener.Total);
    }

    [Fact]
    public async Task Each_encoded_file_is_logged_at_debug_on_its_own_line_with_the_model()
    {
        var logs = new CapturingLoggerFactory(IndexingDiagnostics.EncodeLogCategory);
        var indexer = CreateIndexer(logs);

        await indexer.IndexAsync(new LibraryRequest(folder.Root), model);

        var entries = logs.Entries.ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.All(entries, e => Assert.Equal(model.Id, e.Values["Model"]));
        Assert.All(entries, e => Assert.Equal($"Encoded\t{model.Id}\t{e.Values["Path"]}", e.Message));
        var paths = entries.Select(e => (string)e.Values["Path"]!).Order(StringComparer.Ordinal).ToList();
        string[] expected = [folder.PathOf("blue.png"), folder.PathOf("red.png"), folder.PathOf(Path.Combine("sub", "green.png"))];
        Assert.Equal(expected.Order(StringComparer.Ordinal), paths);
        Assert.Equal(3, entries.Count);
    }

    [Fact]
    public async Task A_planned_batch_embedded_twice_encodes_each_file_once()
    {
        var indexer = CreateIndexer();
        var plan = await indexer.PlanLibraryAsync(new LibraryRequest(folder.Root), model);
        Assert.Equal(3, plan.ToEmbed.Count);

        var first = await indexer.EmbedFilesAsync(new EmbedFilesRequest(plan.LibraryId, plan.ToEmbed), model);
        var again = await indexer.EmbedFilesAsync(new EmbedFilesRequest(plan.LibraryId, plan.ToEmbed), model);

        Assert.Equal(3, first.Embedded);
        Assert.Equal(0, again.Embedded);
        Assert.Equal(3, again.Skipped);
        Assert.Equal(3, model.Encoder.Images);
        Assert.Equal(3, index.Collection(model.Id).Count);
    }

    private PhotoIndexer CreateIndexer(ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null) => new(
        catalog.Factory,
        index,
        new PhotoDecoder(),
        new ImagePreprocessor(),
        new IndexingOptions { BatchSize = 2, DecodeParallelism = 2, EncodeParallelism = 1 },
        loggerFactory,
        meterFactory);
}
