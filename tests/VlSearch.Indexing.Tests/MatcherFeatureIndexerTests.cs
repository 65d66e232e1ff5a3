using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Imaging;
using VlSearch.Testing;

namespace VlSearch.Indexing.Tests;

/// <summary>
/// The enrichment stage that stores each photo's matcher features, on a real catalog (SQLite in memory), a library of
/// real PNG files indexed first, and a test double of the matcher.
/// </summary>
public sealed class MatcherFeatureIndexerTests : IAsyncLifetime
{
    private readonly PhotoFolder folder = new();
    private readonly FixedImageTextMatcherDouble matcher = new();
    private readonly IndexingOptions options = new() { BatchSize = 2, DecodeParallelism = 2, EncodeParallelism = 1, FlushEveryBatches = 1 };
    private InMemoryCatalog catalog = null!;
    private CatalogImageFeatureStore store = null!;
    private MatcherFeatureIndexer stage = null!;

    public async Task InitializeAsync()
    {
        catalog = await InMemoryCatalog.CreateAsync();
        store = new CatalogImageFeatureStore(catalog.Factory);
        stage = new MatcherFeatureIndexer(catalog.Factory, store, new PhotoDecoder(), new ImagePreprocessor(), options);
        folder.Write("red.png", 255, 0, 0);
        folder.Write("green.png", 0, 255, 0);
        folder.Write("blue.png", 0, 0, 255);
        folder.Write("grey.png", 128, 128, 128);
        folder.Write(Path.Combine("sub", "white.png"), 255, 255, 255);
        var indexer = new PhotoIndexer(catalog.Factory, new InMemoryVectorIndex(), new PhotoDecoder(), new ImagePreprocessor(), options);
        var indexed = await indexer.IndexAsync(new LibraryRequest(folder.Root), new FakeMeanColourModel("fake-mean-colour"));
        Assert.Equal(5, indexed.Embedded);
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task A_run_stores_the_features_of_every_photo_and_reports_progress_per_batch()
    {
        var reports = new SynchronousProgress<FeatureProgress>();

        var result = await stage.RunAsync(matcher, FeatureRefresh.Missing, reports);

        Assert.Equal(5, result.Extracted);
        Assert.Equal(0, result.Failed);
        Assert.Equal(5, result.Stored);
        Assert.False(result.ModelChanged);
        Assert.Equal(5, matcher.Images);
        // Batches of two: three extractions, each reported after the first snapshot.
        Assert.Equal(3, matcher.Calls);
        Assert.Equal([0L, 2, 4, 5], reports.Items.Select(p => p.Done));
        Assert.All(reports.Items, p => Assert.Equal(5, p.Total));

        var photos = await PhotoIdsByNameAsync();
        var features = await store.GetAsync(matcher.Id, [.. photos.Values]);
        Assert.Equal(5, features.Count);
        // The double's first token holds the mean colour: red is (1, 0, 0), its second token that plus one.
        Assert.Equal(new[] { 1f, 0f, 0f, 2f, 1f, 1f }, features[photos["red.png"]]);
        Assert.Equal(new[] { 0f, 0f, 1f, 1f, 1f, 2f }, features[photos["blue.png"]]);
        Assert.Equal(128f / 255f, features[photos["grey.png"]][0], 1e-3f);
    }

    [Fact]
    public async Task A_corrupt_file_gets_a_recorded_failure_the_rest_succeed_and_the_next_run_skips_it()
    {
        await File.WriteAllBytesAsync(folder.PathOf("green.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4]);

        var result = await stage.RunAsync(matcher);

        Assert.Equal(4, result.Extracted);
        Assert.Equal(1, result.Failed);
        Assert.Equal(4, await store.CountAsync(matcher.Id));
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            var error = await db.FileErrors.SingleAsync();
            Assert.Equal(folder.PathOf("green.png"), error.Path);
            Assert.Equal(FileErrorStages.Features, error.Stage);
            Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        }

        var images = matcher.Images;
        var again = await stage.RunAsync(matcher);

        Assert.Equal(0, again.Extracted);
        Assert.Equal(0, again.Failed);
        Assert.Equal(1, again.SkippedKnownBad);
        Assert.Equal(images, matcher.Images);
    }

    [Fact]
    public async Task A_failing_matcher_records_every_photo_of_its_batch_and_stores_nothing()
    {
        matcher.Fail = true;

        var result = await stage.RunAsync(matcher);

        Assert.Equal(0, result.Extracted);
        Assert.Equal(5, result.Failed);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        Assert.All(await db.FileErrors.ToListAsync(), e => Assert.Contains("vision graph is broken", e.Reason, StringComparison.Ordinal));
        Assert.Equal(5, await db.FileErrors.CountAsync(e => e.Stage == FileErrorStages.Features));
    }

    [Fact]
    public async Task A_second_missing_run_does_nothing_and_an_all_run_extracts_every_photo_again()
    {
        await stage.RunAsync(matcher);
        var images = matcher.Images;

        var missing = await stage.RunAsync(matcher, FeatureRefresh.Missing);
        Assert.Equal(0, missing.Extracted);
        Assert.Equal(images, matcher.Images);

        var all = await stage.RunAsync(matcher, FeatureRefresh.All);
        Assert.Equal(5, all.Extracted);
        Assert.Equal(images + 5, matcher.Images);
        Assert.Equal(5, all.Stored);
    }

    [Fact]
    public async Task Cancelling_stops_between_batches_keeps_what_was_stored_and_a_later_run_completes()
    {
        using var cancel = new CancellationTokenSource();
        // The second extraction starts after the first batch was stored; cancelling there lets it finish.
        matcher.BeforeExtract = call =>
        {
            if (call == 1)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stage.RunAsync(matcher, cancellationToken: cancel.Token));

        var stored = await store.CountAsync(matcher.Id);
        Assert.InRange(stored, 2, 4);
        matcher.BeforeExtract = null;
        var rest = await stage.RunAsync(matcher);
        Assert.Equal(5 - stored, rest.Extracted);
        Assert.Equal(5, rest.Stored);
    }

    [Fact]
    public async Task A_new_model_version_drops_the_stored_features_and_extracts_them_again()
    {
        await stage.RunAsync(matcher, fingerprint: "files:v1");
        var images = matcher.Images;

        var same = await stage.RunAsync(matcher, fingerprint: "files:v1");
        Assert.False(same.ModelChanged);
        Assert.Equal(0, same.Extracted);

        var changed = await stage.RunAsync(matcher, fingerprint: "files:v2");
        Assert.True(changed.ModelChanged);
        Assert.Equal(5, changed.Extracted);
        Assert.Equal(images + 5, matcher.Images);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        Assert.Equal("files:v2", (await db.ImageFeatureModels.SingleAsync()).Fingerprint);
    }

    [Fact]
    public async Task The_hosts_fingerprint_of_the_model_files_decides_when_stored_features_are_stale()
    {
        var version = "files:a";
        var hosted = new MatcherFeatureIndexer(catalog.Factory, store, new PhotoDecoder(), new ImagePreprocessor(), options, fingerprints: _ => version);
        await hosted.RunAsync(matcher);

        var same = await hosted.RunAsync(matcher);
        Assert.False(same.ModelChanged);
        Assert.Equal(0, same.Extracted);

        version = "files:b";
        var retrained = await hosted.RunAsync(matcher);
        Assert.True(retrained.ModelChanged);
        Assert.Equal(5, retrained.Extracted);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        Assert.Equal("files:b", (await db.ImageFeatureModels.SingleAsync()).Fingerprint);
    }

    [Fact]
    public async Task Features_follow_a_moved_file_leave_with_a_vanished_one_and_are_extracted_again_for_a_rewritten_one()
    {
        await stage.RunAsync(matcher);
        var photos = await PhotoIdsByNameAsync();
        var indexer = new PhotoIndexer(catalog.Factory, new InMemoryVectorIndex(), new PhotoDecoder(), new ImagePreprocessor(), options);
        Directory.CreateDirectory(folder.PathOf("moved"));
        File.Move(folder.PathOf("blue.png"), folder.PathOf(Path.Combine("moved", "blue.png")));
        File.Delete(folder.PathOf("grey.png"));
        folder.Write("red.png", 0, 0, 0);
        // A later write time, as a photo editor saving over the file gives.
        File.SetLastWriteTimeUtc(folder.PathOf("red.png"), DateTime.UtcNow.AddMinutes(1));
        await indexer.IndexAsync(new LibraryRequest(folder.Root), new FakeMeanColourModel("fake-mean-colour"));

        Assert.Equal(3, await store.CountAsync(matcher.Id));
        var kept = await store.GetAsync(matcher.Id, [.. photos.Values]);
        Assert.DoesNotContain(photos["grey.png"], kept.Keys);
        Assert.Equal(new[] { 0f, 0f, 1f, 1f, 1f, 2f }, kept[photos["blue.png"]]);
        Assert.Equal(photos["blue.png"], (await PhotoIdsByNameAsync())["blue.png"]);

        var result = await stage.RunAsync(matcher);
        Assert.Equal(1, result.Extracted);
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f, 1f }, (await store.GetAsync(matcher.Id, [photos["red.png"]]))[photos["red.png"]]);
    }

    private async Task<Dictionary<string, long>> PhotoIdsByNameAsync()
    {
        await using var db = await catalog.Factory.CreateDbContextAsync();
        return (await db.Photos.AsNoTracking().Select(p => new { p.Path, p.Id }).ToListAsync())
            .ToDictionary(p => Path.GetFileName(p.Path), p => p.Id);
    }

    /// <summary>Collects reports as they are made (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class SynchronousProgress<T> : IProgress<T>
    {
        public List<T> Items { get; } = [];

        public void Report(T value)
        {
            lock (Items)
            {
                Items.Add(value);
            }
        }
    }
}
