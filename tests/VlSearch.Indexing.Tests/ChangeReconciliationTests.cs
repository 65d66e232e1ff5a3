using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Imaging;

namespace VlSearch.Indexing.Tests;

/// <summary>
/// The rules a second run over a changed folder follows, on a real catalog (SQLite in memory), real PNG files and a
/// fake encoder that counts what it encodes.
/// </summary>
public sealed class ChangeReconciliationTests : IAsyncLifetime
{
    private readonly PhotoFolder folder = new();
    private readonly InMemoryVectorIndex index = new();
    private readonly FakeMeanColourModel model = new("fake-mean-colour");
    private InMemoryCatalog catalog = null!;
    private PhotoIndexer indexer = null!;

    private LibraryRequest Library => new(folder.Root);

    public async Task InitializeAsync()
    {
        catalog = await InMemoryCatalog.CreateAsync();
        indexer = new PhotoIndexer(
            catalog.Factory,
            index,
            new PhotoDecoder(),
            new ImagePreprocessor(),
            new IndexingOptions { BatchSize = 2, DecodeParallelism = 2, EncodeParallelism = 1, FlushEveryBatches = 1 });
        folder.Write("red.png", 200, 30, 30);
        folder.Write("green.png", 30, 200, 30);
        folder.Write("blue.png", 30, 30, 200);
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task A_first_run_embeds_every_photo_into_the_catalog_and_the_index()
    {
        var result = await indexer.IndexAsync(Library, model);

        Assert.Equal(3, result.Scanned);
        Assert.Equal(3, result.Embedded);
        Assert.Equal(3, model.Encoder.Images);
        var photos = await PhotosAsync();
        Assert.Equal(3, photos.Count);
        Assert.All(photos, p => Assert.Single(p.Embeddings, e => e.ModelId == model.Id && e.IndexedAt is not null));
        Assert.Equal(photos.Select(p => p.Id).Order(), index.Collection(model.Id).Keys.Order());
    }

    [Fact]
    public async Task An_unchanged_second_run_embeds_nothing()
    {
        await indexer.IndexAsync(Library, model);
        var calls = model.Encoder.Calls;

        var second = await indexer.IndexAsync(Library, model);

        Assert.Equal(0, second.Embedded);
        Assert.Equal(3, second.Unchanged);
        Assert.Equal(calls, model.Encoder.Calls);
    }

    [Fact]
    public async Task A_moved_file_keeps_its_photo_and_vectors_without_embedding_again()
    {
        await indexer.IndexAsync(Library, model);
        var before = await PhotoAtAsync("red.png");
        var images = model.Encoder.Images;

        var to = folder.PathOf(Path.Combine("moved", "deeper", "red.png"));
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(folder.PathOf("red.png"), to);
        var result = await indexer.IndexAsync(Library, model);

        Assert.Equal(images, model.Encoder.Images);
        Assert.Equal(1, result.Reused);
        Assert.Equal(0, result.Removed);
        await AssertKeptAsync(before, to);
    }

    [Fact]
    public async Task A_renamed_file_keeps_its_photo_and_vectors_without_embedding_again()
    {
        await indexer.IndexAsync(Library, model);
        var before = await PhotoAtAsync("green.png");
        var images = model.Encoder.Images;

        var to = folder.PathOf("meadow.png");
        File.Move(folder.PathOf("green.png"), to);
        var result = await indexer.IndexAsync(Library, model);

        Assert.Equal(images, model.Encoder.Images);
        Assert.Equal(1, result.Reused);
        await AssertKeptAsync(before, to);
    }

    [Fact]
    public async Task A_copied_file_reuses_the_vectors_of_identical_content_without_encoding()
    {
        await indexer.IndexAsync(Library, model);
        var original = await PhotoAtAsync("blue.png");
        var images = model.Encoder.Images;

        var copy = folder.PathOf("blue copy.png");
        File.Copy(folder.PathOf("blue.png"), copy);
        var result = await indexer.IndexAsync(Library, model);

        Assert.Equal(images, model.Encoder.Images);
        Assert.Equal(1, result.Reused);
        Assert.Equal(0, result.Embedded);
        var copied = await PhotoAtAsync("blue copy.png");
        Assert.NotEqual(original.Id, copied.Id);
        Assert.Equal(original.ContentHash, copied.ContentHash);
        Assert.Equal(Vector(original), Vector(copied));
        Assert.Equal(4, (await PhotosAsync()).Count);
    }

    [Fact]
    public async Task A_touched_file_with_the_same_bytes_is_not_embedded_again()
    {
        await indexer.IndexAsync(Library, model);
        var before = await PhotoAtAsync("red.png");
        var images = model.Encoder.Images;

        var touchedAt = before.ModifiedAt.AddHours(1);
        File.SetLastWriteTimeUtc(folder.PathOf("red.png"), touchedAt);
        var result = await indexer.IndexAsync(Library, model);

        Assert.Equal(images, model.Encoder.Images);
        Assert.Equal(0, result.Embedded);
        var after = await PhotoAtAsync("red.png");
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(touchedAt, after.ModifiedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(Embedding(before).EmbeddedAt, Embedding(after).EmbeddedAt);
    }

    [Fact]
    public async Task A_vanished_file_leaves_the_catalog_and_the_index()
    {
        await indexer.IndexAsync(Library, model);
        var gone = await PhotoAtAsync("green.png");

        File.Delete(folder.PathOf("green.png"));
        var result = await indexer.IndexAsync(Library, model);

        Assert.Equal(1, result.Removed);
        var photos = await PhotosAsync();
        Assert.DoesNotContain(photos, p => p.Id == gone.Id);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        Assert.False(await db.Embeddings.AnyAsync(e => e.PhotoId == gone.Id));
        Assert.DoesNotContain(gone.Id, index.Collection(model.Id).Keys);
        Assert.Equal(2, index.Collection(model.Id).Count);
    }

    [Fact]
    public async Task A_content_change_embeds_again_and_queues_removal_of_other_models_vectors()
    {
        var other = new FakeMeanColourModel("fake-other");
        await indexer.IndexAsync(Library, model);
        await indexer.IndexAsync(Library, other);
        var before = await PhotoAtAsync("red.png");
        Assert.Contains(before.Id, index.Collection(other.Id).Keys);
        var images = model.Encoder.Images;

        folder.Write("red.png", 30, 200, 200);
        File.SetLastWriteTimeUtc(folder.PathOf("red.png"), before.ModifiedAt.AddHours(1));
        var result = await indexer.IndexAsync(Library, model);

        Assert.Equal(1, result.Embedded);
        Assert.Equal(images + 1, model.Encoder.Images);
        var after = await PhotoAtAsync("red.png");
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
        Assert.Equal(after.ContentHash, Embedding(after).ContentHash);
        Assert.NotEqual(Vector(before), Vector(after));

        // The other model's vector described the old picture: gone from the catalog and, once the queued removal
        // is applied (this process owns the index), from that model's collection.
        Assert.DoesNotContain(after.Embeddings, e => e.ModelId == other.Id);
        Assert.DoesNotContain(before.Id, index.Collection(other.Id).Keys);
        Assert.Equal(2, index.Collection(other.Id).Count);
    }

    [Fact]
    public async Task A_content_change_in_a_worker_that_does_not_own_the_index_leaves_a_removal_request()
    {
        var other = new FakeMeanColourModel("fake-other");
        await indexer.IndexAsync(Library, model);
        await indexer.IndexAsync(Library, other);
        var before = await PhotoAtAsync("red.png");

        folder.Write("red.png", 30, 200, 200);
        File.SetLastWriteTimeUtc(folder.PathOf("red.png"), before.ModifiedAt.AddHours(1));
        var result = await indexer.EmbedFilesAsync(new EmbedFilesRequest(before.LibraryId, [folder.PathOf("red.png")]) { WriteIndex = false }, model);

        Assert.Equal(1, result.Embedded);
        await using var db = await catalog.Factory.CreateDbContextAsync();
        var removal = Assert.Single(await db.IndexRemovals.AsNoTracking().ToListAsync());
        Assert.Equal((other.Id, before.Id), (removal.ModelId, removal.PhotoId));
        Assert.Contains(before.Id, index.Collection(other.Id).Keys);
    }

    private static PhotoEmbedding Embedding(Photo photo) => Assert.Single(photo.Embeddings, e => e.ModelId == "fake-mean-colour");

    private static byte[] Vector(Photo photo) => Embedding(photo).Vector;

    private async Task AssertKeptAsync(Photo before, string newPath)
    {
        var after = Assert.Single(await PhotosAsync(), p => p.Id == before.Id);
        Assert.Equal(newPath, after.Path);
        Assert.Equal(Vector(before), Vector(after));
        Assert.Equal(Embedding(before).EmbeddedAt, Embedding(after).EmbeddedAt);
        Assert.Equal(3, (await PhotosAsync()).Count);

        // The index carries the new path for search results.
        Assert.Equal(newPath, index.Collection(model.Id)[before.Id].Payload.Path);
    }

    private async Task<List<Photo>> PhotosAsync()
    {
        await using var db = await catalog.Factory.CreateDbContextAsync();
        return await db.Photos.AsNoTracking().Include(p => p.Embeddings).ToListAsync();
    }

    private async Task<Photo> PhotoAtAsync(string relativePath)
    {
        var path = folder.PathOf(relativePath);
        return Assert.Single(await PhotosAsync(), p => p.Path == path);
    }
}
