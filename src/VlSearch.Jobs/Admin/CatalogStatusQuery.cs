using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Jobs.Admin;

/// <summary>Counts of the catalog and the index, the failed files and the photos with warnings, for every host.</summary>
public sealed class CatalogStatusQuery(IDbContextFactory<CatalogDbContext> catalog, IVectorIndex index)
{
    /// <summary>
    /// Photos, failures and vectors per library and model; each model's indexed count comes from the index. Grouped
    /// counts only: the cost does not grow with the number of photos beyond the database's own counting.
    /// </summary>
    public async Task<CatalogSummary> SummarizeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var libraries = await db.Libraries.AsNoTracking().OrderBy(l => l.Name).Select(l => new { l.Id, l.Name, l.RootPath }).ToListAsync(cancellationToken);
        var photos = await db.Photos.GroupBy(p => p.LibraryId).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var warnings = await db.Photos.LongCountAsync(p => p.DecodeWarning != null, cancellationToken);
        var failed = await db.FileErrors.GroupBy(e => e.LibraryId).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var perModel = await db.Embeddings.GroupBy(e => e.ModelId).Select(g => new { Model = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var models = new List<ModelVectors>();
        foreach (var m in perModel.OrderBy(m => m.Model, StringComparer.Ordinal))
        {
            models.Add(new ModelVectors(m.Model, m.Count, await index.CountAsync(CollectionNames.ForModel(m.Model), cancellationToken)));
        }

        var failedPerLibrary = failed.Where(f => f.Key is not null).ToDictionary(f => f.Key!.Value, f => f.Count);
        return new CatalogSummary(
            photos.Values.Sum(),
            failed.Sum(f => f.Count),
            [.. libraries.Select(l => new LibraryCounts(l.Id, l.Name, l.RootPath, photos.GetValueOrDefault(l.Id), failedPerLibrary.GetValueOrDefault(l.Id)))],
            models)
        {
            Warnings = warnings,
        };
    }
}
