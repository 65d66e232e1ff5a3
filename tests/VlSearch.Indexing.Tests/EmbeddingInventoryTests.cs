using Microsoft.EntityFrameworkCore;
using VlSearch.Imaging;

namespace VlSearch.Indexing.Tests;

/// <summary>What the catalog reports per model and library, and forgetting one model's vectors, on a real catalog.</summary>
public sealed class EmbeddingInventoryTests : IAsyncLifetime
{
    private readonly PhotoFolder alpha = new();
    private readonly PhotoFolder beta = new();
    private readonly InMemoryVectorIndex index = new();
    private readonly FakeMeanColourModel first = new("fake-first");
    private readonly FakeMeanColourModel second = new("fake-second");
    private InMemoryCatalog catalog = null!;
    private PhotoIndexer indexer = null!;
    private EmbeddingInventory inventory = null!;

    public async Task InitializeAsync()
    {
        catalog = await InMemoryCatalog.CreateAsync();
        indexer = new PhotoIndexer(
            catalog.Factory,
            index,
            new PhotoDecoder(),
            new ImagePreprocessor(),
            new IndexingOptions { BatchSize = 2, DecodeParallelism = 1, EncodeParallelism = 1, FlushEveryBatches = 1 });
        inventory = new EmbeddingInventory(catalog.Factory, index);
        alpha.Write("red.png", 200, 30, 30);
        alpha.Write("green.png", 30, 200, 30);
        beta.Write("blue.png", 30, 30, 200);
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        alpha.Dispose();
        beta.Dispose();
    }

    [Fact]
    public async Task Spaces_lists_each_model_with_stored_vectors_once_with_its_dimension()
    {
        await indexer.IndexAsync(new LibraryRequest(alpha.Root) { Name = "alpha" }, first);
        await indexer.IndexAsync(new LibraryRequest(beta.Root) { Name = "beta" }, first);
        await indexer.IndexAsync(new LibraryRequest(beta.Root) { Name = "beta" }, second);

        var spaces = await inventory.SpacesAsync();

        Assert.Equal(
            [new EmbeddingSpace(first.Id, first.Dimension), new EmbeddingSpace(second.Id, second.Dimension)],
            spaces.OrderBy(s => s.Model, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Libraries_come_sorted_by_name_and_a_name_selects_one_or_none()
    {
        await indexer.IndexAsync(new LibraryRequest(beta.Root) { Name = "beta" }, first);
        await indexer.IndexAsync(new LibraryRequest(alpha.Root) { Name = "alpha" }, first);

        Assert.Equal(["alpha", "beta"], (await inventory.LibrariesAsync()).Select(l => l.Name));
        Assert.Equal("beta", Assert.Single(await inventory.LibrariesAsync("beta")).Name);
        Assert.Empty(await inventory.LibrariesAsync("gamma"));
    }

    [Fact]
    public async Task Coverage_counts_every_photo_and_those_with_the_model_s_vector()
    {
        await indexer.IndexAsync(new LibraryRequest(alpha.Root) { Name = "alpha" }, first);
        await indexer.IndexAsync(new LibraryRequest(beta.Root) { Name = "beta" }, second);

        Assert.Equal(new ModelCoverage(3, 2), await inventory.CoverageAsync(first.Id));
        Assert.Equal(new ModelCoverage(3, 1), await inventory.CoverageAsync(second.Id));
        Assert.Equal(new ModelCoverage(3, 0), await inventory.CoverageAsync("never-used"));
    }

    [Fact]
    public async Task Forget_deletes_only_that_model_s_vectors_of_those_libraries_and_drops_its_collection()
    {
        await indexer.IndexAsync(new LibraryRequest(alpha.Root) { Name = "alpha" }, first);
        await indexer.IndexAsync(new LibraryRequest(beta.Root) { Name = "beta" }, first);
        await indexer.IndexAsync(new LibraryRequest(alpha.Root) { Name = "alpha" }, second);
        var alphaId = Assert.Single(await inventory.LibrariesAsync("alpha")).Id;

        await inventory.ForgetAsync(first.Id, [alphaId]);

        await using var db = await catalog.Factory.CreateDbContextAsync();
        var remaining = await db.Embeddings.Select(e => new { e.ModelId, e.Photo!.Library!.Name }).ToListAsync();
        Assert.Equal(["beta"], remaining.Where(e => e.ModelId == first.Id).Select(e => e.Name));
        Assert.Equal(2, remaining.Count(e => e.ModelId == second.Id));
        Assert.Empty(index.Collection(first.Id));
        Assert.Equal(2, index.Collection(second.Id).Count);
    }
}
