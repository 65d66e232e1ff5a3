using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// What the catalog holds per model and library, for hosts that pick what to (re)index: the models with stored
/// vectors, the libraries, each model's coverage, and forgetting a model's vectors so they are embedded again.
/// </summary>
public sealed class EmbeddingInventory(IDbContextFactory<CatalogDbContext> catalog, IVectorIndex index)
{
    /// <summary>Every model with vectors in the catalog, once per vector length.</summary>
    public async Task<IReadOnlyList<EmbeddingSpace>> SpacesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var spaces = await db.Embeddings.Select(e => new { e.ModelId, e.Dimension }).Distinct().ToListAsync(cancellationToken);
        return [.. spaces.Select(s => new EmbeddingSpace(s.ModelId, s.Dimension))];
    }

    /// <summary>The libraries by name, or only the one named <paramref name="name"/> (none when it does not exist).</summary>
    public async Task<IReadOnlyList<Library>> LibrariesAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Libraries.AsNoTracking()
            .Where(l => name == null || l.Name == name)
            .OrderBy(l => l.Name)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Photos in the catalog and how many of them have a vector of <paramref name="modelId"/>.</summary>
    public async Task<ModelCoverage> CoverageAsync(string modelId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var photos = await db.Photos.LongCountAsync(cancellationToken);
        var embedded = await db.Embeddings.LongCountAsync(e => e.ModelId == modelId, cancellationToken);
        return new ModelCoverage(photos, embedded);
    }

    /// <summary>
    /// Deletes the model's stored vectors of these libraries and drops its whole index collection, so the next index
    /// run embeds those photos again and rewrites the collection.
    /// </summary>
    public async Task ForgetAsync(string modelId, IReadOnlyCollection<int> libraryIds, CancellationToken cancellationToken = default)
    {
        var ids = libraryIds.ToList();
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            await db.Embeddings.Where(e => e.ModelId == modelId && ids.Contains(e.Photo!.LibraryId)).ExecuteDeleteAsync(cancellationToken);
        }

        await index.DropCollectionAsync(CollectionNames.ForModel(modelId), cancellationToken);
    }
}
