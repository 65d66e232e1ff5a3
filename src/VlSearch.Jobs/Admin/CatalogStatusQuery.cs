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
        CatalogCounts counts;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            // Plain SQL: `status` is a short command, and compiling these grouped counts as LINQ cost more than running them.
            counts = await CatalogProbe.CountsAsync(db, cancellationToken);
        }

        var models = new List<ModelVectors>();
        foreach (var (model, stored) in counts.Vectors.OrderBy(m => m.Model, StringComparer.Ordinal))
        {
            models.Add(new ModelVectors(model, stored, await index.CountAsync(CollectionNames.ForModel(model), cancellationToken)));
        }

        return new CatalogSummary(
            counts.Libraries.Sum(l => l.Photos),
            counts.Failed,
            [.. counts.Libraries.Select(l => new LibraryCounts(l.Id, l.Name, l.RootPath, l.Photos, l.Failed))],
            models)
        {
            Warnings = counts.Warnings,
        };
    }
}
