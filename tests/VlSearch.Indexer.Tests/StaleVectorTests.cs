using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Testing;
using VlSearch.Core;
using VlSearch.Imaging;
using VlSearch.Indexing;
using VlSearch.Onnx;
using VlSearch.Sqlite;
using VlSearch.USearch;

namespace VlSearch.Indexer.Tests;

/// <summary>
/// When a photo's content changes, the vectors other models made of the old picture leave the index too, also when
/// the worker that notices the change does not write the index.
/// </summary>
public sealed class StaleVectorTests : IAsyncLifetime
{
    private readonly TempFolder temp = new();
    private IDbContextFactory<CatalogDbContext> catalog = null!;
    private USearchVectorIndex index = null!;
    private OnnxClipModel first = null!;
    private OnnxClipModel second = null!;
    private PhotoIndexer indexer = null!;
    private string library = null!;
    private List<string> photos = null!;

    public async Task InitializeAsync()
    {
        catalog = CatalogFactory.Create(new CatalogOptions(), temp.Sub("data"), SqliteCatalogProvider.Instance);
        await CatalogDatabase.MigrateAsync(catalog, CancellationToken.None);
        index = new USearchVectorIndex(temp.Sub("index"));
        first = OnnxClipModel.Load(RandomClipModel.Write(temp.Sub("first"), name: "first-model", seed: 3));
        second = OnnxClipModel.Load(RandomClipModel.Write(temp.Sub("second"), name: "second-model", seed: 4));
        indexer = new PhotoIndexer(catalog, index, new PhotoDecoder(), new ImagePreprocessor(), new IndexingOptions { BatchSize = 2 });
        library = temp.Sub("library");
        photos = [.. Enumerable.Range(0, 3).Select(i => TestImages.WritePng(Path.Combine(library, $"p{i}.png"), 40 + i))];

        await indexer.IndexAsync(new LibraryRequest(library), first);
        await indexer.IndexAsync(new LibraryRequest(library), second);
        Assert.Equal(3, await index.CountAsync(CollectionNames.ForModel(second.Id)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_changed_photo_keeps_no_vector_of_the_old_picture_once_the_index_is_synced(bool workerWritesIndex)
    {
        var changed = photos[1];
        File.Delete(changed);
        TestImages.WritePng(changed, 9_999);
        File.SetLastWriteTimeUtc(changed, DateTime.UtcNow.AddMinutes(5));
        long photoId;
        int libraryId;
        await using (var db = await catalog.CreateDbContextAsync())
        {
            var photo = await db.Photos.SingleAsync(p => p.Path == changed);
            (photoId, libraryId) = (photo.Id, photo.LibraryId);
        }

        var result = await indexer.EmbedFilesAsync(new EmbedFilesRequest(libraryId, [changed]) { WriteIndex = workerWritesIndex }, first);
        Assert.Equal(1, result.Embedded);
        await new IndexSynchronizer(catalog, index).SyncPendingAsync();

        var secondCollection = CollectionNames.ForModel(second.Id);
        Assert.Null(await index.GetAsync(secondCollection, photoId));
        Assert.Equal(2, await index.CountAsync(secondCollection));
        await using (var db = await catalog.CreateDbContextAsync())
        {
            Assert.Equal(2, await db.Embeddings.CountAsync(e => e.ModelId == second.Id));
            Assert.Empty(await db.IndexRemovals.ToListAsync());
        }

        // The changed photo's vector of the model that saw the change describes the new picture.
        var fresh = new float[first.Dimension];
        var pixels = new float[first.Image.Preprocess.TensorLength];
        var decoded = new PhotoDecoder().Decode(changed, first.Image.Preprocess.MinimumDecodeEdge, CancellationToken.None);
        new ImagePreprocessor().Preprocess(decoded.Image, first.Image.Preprocess, pixels);
        first.Image.Encode(pixels, 1, fresh);
        var stored = await index.GetAsync(CollectionNames.ForModel(first.Id), photoId);
        Assert.NotNull(stored);
        Assert.Equal(1.0, System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(fresh, stored.Vector), 4);

        // Nothing is left for a consistency check to repair.
        Assert.False(await new IndexSynchronizer(catalog, index).EnsureConsistentAsync(second.Id, second.Dimension));
    }

    public async Task DisposeAsync()
    {
        first.Dispose();
        second.Dispose();
        await index.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Dispose();
    }
}
