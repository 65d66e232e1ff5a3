using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Core;
using VlSearch.Core.Tagging;
using VlSearch.Imaging;
using VlSearch.Indexing.Enrichment;
using VlSearch.Testing;

namespace VlSearch.Indexing.Tests.Enrichment;

/// <summary>
/// The enrichment runner on a real catalog (SQLite in memory) and a library of real PNG files indexed first, with
/// test doubles for the stages' models.
/// </summary>
public sealed class EnrichmentRunnerTests : IAsyncLifetime
{
    private readonly PhotoFolder folder = new();
    private readonly IndexingOptions options = new() { BatchSize = 2, DecodeParallelism = 2, EncodeParallelism = 1, FlushEveryBatches = 1 };
    private readonly ColourWordModelDouble model = new("colour-words");
    private InMemoryCatalog catalog = null!;
    private EnrichmentRunner runner = null!;

    public async Task InitializeAsync()
    {
        catalog = await InMemoryCatalog.CreateAsync();
        runner = new EnrichmentRunner(catalog.Factory, new PhotoDecoder(), options);
        folder.Write("red.png", 255, 0, 0);
        folder.Write("green.png", 0, 255, 0);
        folder.Write("blue.png", 0, 0, 255);
        folder.Write("dark-red.png", 120, 10, 10);
        folder.Write(Path.Combine("sub", "grey.png"), 128, 128, 128);
        var indexer = new PhotoIndexer(catalog.Factory, new InMemoryVectorIndex(), new PhotoDecoder(), new ImagePreprocessor(), options);
        var indexed = await indexer.IndexAsync(new LibraryRequest(folder.Root), model);
        Assert.Equal(5, indexed.Embedded);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        await db.Embeddings.ExecuteUpdateAsync(s => s.SetProperty(e => e.IndexedAt, DateTime.UtcNow));
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task A_run_writes_each_photos_tags_marks_label_list_and_keyword_document_and_reports_progress_per_batch()
    {
        var stage = new LabelledStageDouble();
        var reports = new SynchronousProgress<FeatureProgress>();

        var result = await runner.RunAsync(stage, EnrichmentRefresh.Missing, reports);

        Assert.Equal(5, result.Enriched);
        Assert.Equal(0, result.Failed);
        // Two per photo: the user-kind tag a stage may not write is dropped.
        Assert.Equal(10, result.Tags);
        Assert.Equal([0L, 2, 4, 5], reports.Items.Select(p => p.Done));
        await using var db = await catalog.Factory.CreateDbContextAsync();
        var red = await db.Photos.SingleAsync(p => p.Path.EndsWith("red.png") && !p.Path.EndsWith("dark-red.png"));
        Assert.Equal(["red", "bright"], red.Tags);
        var tags = await db.PhotoTags.Where(t => t.PhotoId == red.Id).OrderBy(t => t.Kind).ToListAsync();
        Assert.Equal([PhotoTagKinds.Attribute, PhotoTagKinds.Object], tags.Select(t => t.Kind));
        Assert.All(tags, t => Assert.Equal("channel-double", t.Source));
        Assert.All(tags, t => Assert.Equal(0.1f, t.BoxX));
        Assert.Equal(5, await db.PhotoEnrichments.CountAsync(m => m.Stage == stage.Name));
        // New labels reach the vector index through a payload push of the photos' vectors.
        Assert.Equal(5, await db.Embeddings.CountAsync(e => e.IndexedAt == null));
        // The grey photo's channels tie, so the double calls it red: only its tag can match the word.
        var grey = await db.Photos.Where(p => p.Path.EndsWith("grey.png")).Select(p => p.Id).SingleAsync();
        var hits = await db.Keywords.SearchAsync(db, KeywordQuery.FromText("red"));
        Assert.Contains(grey, hits.Select(h => h.PhotoId));
    }

    [Fact]
    public async Task A_run_cancelled_mid_way_resumes_with_the_photos_left_and_never_writes_a_tag_twice()
    {
        // Cancelled once the first batch is committed, as a kill between batches would leave it.
        using var cancel = new CancellationTokenSource();
        var stage = new LabelledStageDouble();
        var progress = new SynchronousProgress<FeatureProgress>(p =>
        {
            if (p.Done >= 2)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(stage, progress: progress, cancellationToken: cancel.Token));
        Assert.Equal(2, stage.Seen.Count);
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.PhotoEnrichments.CountAsync());
            Assert.Equal(4, await db.PhotoTags.CountAsync());
        }

        var resumed = new LabelledStageDouble();
        var result = await runner.RunAsync(resumed);

        Assert.Equal(3, result.Enriched);
        Assert.Empty(resumed.Seen.Intersect(stage.Seen));
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            Assert.Equal(10, await db.PhotoTags.CountAsync());
            var perPhoto = await db.PhotoTags.GroupBy(t => new { t.PhotoId, t.Label, t.Kind }).Select(g => g.Count()).ToListAsync();
            Assert.All(perPhoto, n => Assert.Equal(1, n));
        }

        Assert.Equal(0, (await runner.RunAsync(new LabelledStageDouble())).Enriched);
    }

    [Fact]
    public async Task A_run_over_several_pages_hands_every_photo_to_the_stage_once_in_order_and_a_stop_in_a_later_page_keeps_each_finished_batch()
    {
        // Three pages, the last one partial; batches of 16 decode ahead across the pages' ends.
        for (var i = 0; i < (2 * EnrichmentRunner.PageSize) + 40; i++)
        {
            folder.Write(Path.Combine("many", $"{i:000}.png"), (byte)i, 40, 200);
        }

        var indexer = new PhotoIndexer(catalog.Factory, new InMemoryVectorIndex(), new PhotoDecoder(), new ImagePreprocessor(), options);
        await indexer.IndexAsync(new LibraryRequest(folder.Root), model);
        var paged = new EnrichmentRunner(catalog.Factory, new PhotoDecoder(), new IndexingOptions { BatchSize = 16, DecodeParallelism = 2, EncodeParallelism = 1 });
        List<long> ids;
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            ids = await db.Photos.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        }

        Assert.True(ids.Count > 2 * EnrichmentRunner.PageSize);
        var stopAt = EnrichmentRunner.PageSize + 48;
        using var cancel = new CancellationTokenSource();
        var stage = new LabelledStageDouble();
        var progress = new SynchronousProgress<FeatureProgress>(p =>
        {
            if (p.Done >= stopAt)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => paged.RunAsync(stage, progress: progress, cancellationToken: cancel.Token));

        // The batches decoded ahead never reached the stage; every batch that did is written, the second page's part too.
        Assert.Equal(ids.Take(stopAt), stage.Seen);
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            Assert.Equal(ids.Take(stopAt).Order(), await db.PhotoEnrichments.Select(m => m.PhotoId).OrderBy(id => id).ToListAsync());
            Assert.Equal(2 * stopAt, await db.PhotoTags.CountAsync());
        }

        var resumed = new LabelledStageDouble();
        var result = await paged.RunAsync(resumed);

        Assert.Equal(ids.Skip(stopAt), resumed.Seen);
        Assert.Equal(ids.Count - stopAt, result.Enriched);
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            Assert.Equal(ids.Count, await db.PhotoEnrichments.CountAsync());
            Assert.Equal(2 * ids.Count, await db.PhotoTags.CountAsync());
            var perPhoto = await db.PhotoTags.GroupBy(t => new { t.PhotoId, t.Label, t.Kind }).Select(g => g.Count()).ToListAsync();
            Assert.All(perPhoto, n => Assert.Equal(1, n));
        }
    }

    [Fact]
    public async Task A_changed_fingerprint_drops_the_stages_tags_and_does_every_photo_again_while_user_tags_stay()
    {
        await runner.RunAsync(new LabelledStageDouble());
        var tags = new PhotoTagService(catalog.Factory);
        long photo;
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            photo = await db.Photos.Where(p => p.Path.EndsWith("grey.png")).Select(p => p.Id).SingleAsync();
        }

        Assert.True(await tags.AddUserTagAsync(photo, "  Holiday   Trip "));
        var again = new LabelledStageDouble { Fingerprint = "v2" };

        var result = await runner.RunAsync(again);

        Assert.True(result.ModelChanged);
        Assert.Equal(5, result.Enriched);
        var stored = await tags.GetAsync(photo);
        Assert.NotNull(stored);
        Assert.Contains(stored, t => t is { Label: "holiday trip", Kind: PhotoTagKinds.User, Confidence: 1f });
        Assert.Equal(3, stored.Count);
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            Assert.Contains("holiday trip", (await db.Photos.SingleAsync(p => p.Id == photo)).Tags);
        }
    }

    [Fact]
    public async Task A_corrupt_file_is_recorded_as_a_failure_of_the_stage_and_skipped_until_it_changes()
    {
        await File.WriteAllBytesAsync(folder.PathOf("green.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4]);

        var result = await runner.RunAsync(new LabelledStageDouble());

        Assert.Equal(4, result.Enriched);
        Assert.Equal(1, result.Failed);
        await using (var db = await catalog.Factory.CreateDbContextAsync())
        {
            var error = await db.FileErrors.SingleAsync();
            Assert.Equal(FileErrorStages.Objects, error.Stage);
            Assert.EndsWith("green.png", error.Path);
        }

        var next = await runner.RunAsync(new LabelledStageDouble());
        Assert.Equal(0, next.Failed);
        Assert.Equal(1, next.Skipped);
    }

    [Fact]
    public async Task A_missing_detector_fails_the_run_with_its_reason_and_leaves_the_catalog_as_it_was()
    {
        var stage = new ObjectTagStage(() => throw new ModelLoadException("the detector model file models/detector/model.onnx is missing"), "detector");

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => runner.RunAsync(stage));

        Assert.Contains("model.onnx is missing", error.Message);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.PhotoTags.CountAsync());
        Assert.Equal(0, await db.EnrichmentStages.CountAsync());
        Assert.Equal(5, await db.Photos.CountAsync());
    }

    [Fact]
    public async Task The_detector_stage_turns_each_detection_into_an_object_tag_and_attribute_tags_sharing_its_box()
    {
        var box = new RelativeBox(0.25f, 0.5f, 0.25f, 0.5f);
        var detector = new FixedObjectTaggerDouble([new DetectedObject("Circle", 0.95f, box, [new LabelScore("red", 0.9f), new LabelScore("striped", 0.2f)])]);
        var stage = new ObjectTagStage(() => detector, "fixed-detector");

        var result = await runner.RunAsync(stage);

        Assert.Equal(5, result.Enriched);
        Assert.Equal(10, result.Tags);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        var tags = await db.PhotoTags.Where(t => t.Source == "fixed-detector").ToListAsync();
        Assert.Equal(5, tags.Count(t => t is { Kind: PhotoTagKinds.Object, Label: "circle", Detection: 0 }));
        Assert.Equal(5, tags.Count(t => t is { Kind: PhotoTagKinds.Attribute, Label: "red", Detection: 0 }));
        Assert.All(tags, t => Assert.Equal(0.25f, t.BoxWidth));
    }

    [Fact]
    public async Task Zero_shot_tags_come_from_stored_embeddings_without_decoding_and_name_the_photos_colour()
    {
        var zeroShot = new ZeroShotTagStage(
            catalog.Factory,
            () => model,
            () => TagVocabulary.Of(["red", "green", "blue"]),
            new ZeroShotOptions { MinCalibrationPhotos = 2, MinZ = 1.0, MaxTags = 2 },
            Path.Combine(folder.Root, ".cache"));
        var imagesBefore = model.Encoder.Images;

        var result = await runner.RunAsync(zeroShot);

        Assert.Equal(5, result.Enriched);
        Assert.Equal(imagesBefore, model.Encoder.Images);
        var tags = new PhotoTagService(catalog.Factory);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        var byName = await db.Photos.ToDictionaryAsync(p => Path.GetFileName(p.Path), p => p.Id);
        Assert.Equal("red", Assert.Single((await tags.GetAsync(byName["red.png"]))!).Label);
        Assert.Equal("blue", Assert.Single((await tags.GetAsync(byName["blue.png"]))!).Label);
        Assert.Empty((await tags.GetAsync(byName["grey.png"]))!);
        Assert.All((await tags.GetAsync(byName["red.png"]))!, t => Assert.Equal(PhotoTagKinds.ZeroShot, t.Kind));
        // The label embeddings are cached: a second stage does not run the text tower again.
        var calls = model.TextCalls;
        await new ZeroShotTagStage(catalog.Factory, () => model, () => TagVocabulary.Of(["red", "green", "blue"]), new ZeroShotOptions(), Path.Combine(folder.Root, ".cache"))
            .PrepareAsync(CancellationToken.None);
        Assert.Equal(calls + 1, model.TextCalls);
    }

    private sealed class SynchronousProgress<T>(Action<T>? then = null) : IProgress<T>
    {
        public List<T> Items { get; } = [];

        public void Report(T value)
        {
            Items.Add(value);
            then?.Invoke(value);
        }
    }
}
