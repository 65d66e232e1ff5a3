using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Indexing;
using VlSearch.USearch;

namespace VlSearch.Hosting;

/// <summary>
/// Runs before any command or request: brings the catalog schema up to date and rebuilds, from the catalog's stored
/// vectors, any embedded index collection whose files were found missing or damaged.
/// </summary>
public sealed partial class StartupChecks(
    IDbContextFactory<CatalogDbContext> catalog,
    IVectorIndex index,
    IndexSynchronizer synchronizer,
    ILogger<StartupChecks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await CatalogDatabase.MigrateAsync(catalog, cancellationToken);
        if (index is not USearchVectorIndex embedded)
        {
            return;
        }

        IReadOnlyList<(string Model, int Dimension)> spaces;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            spaces = await CatalogProbe.VectorSpacesAsync(db, cancellationToken);
        }

        foreach (var (model, dimension) in spaces)
        {
            var health = await embedded.VerifyAsync(CollectionNames.ForModel(model), cancellationToken);
            // The catalog has vectors of this model, so a collection that is gone was lost, not never built.
            if (health.NeedsRebuild || !health.Exists)
            {
                LogRebuilding(logger, model, health.Problem ?? (health.Exists ? "damaged" : "missing"));
                await synchronizer.RebuildAsync(model, dimension, cancellationToken: cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The index of model {Model} must be rebuilt ({Problem}); rebuilding it from the catalog.")]
    private static partial void LogRebuilding(ILogger logger, string model, string problem);
}
