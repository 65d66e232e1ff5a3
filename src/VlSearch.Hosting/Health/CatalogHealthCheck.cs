using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VlSearch.Catalog;

namespace VlSearch.Hosting.Health;

/// <summary>Ready when the catalog database answers a query.</summary>
public sealed class CatalogHealthCheck(IDbContextFactory<CatalogDbContext> catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var spaces = await CatalogProbe.VectorSpacesAsync(db, cancellationToken);
            return HealthCheckResult.Healthy($"reachable; {spaces.Count} vector space(s)");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reason is for the operator reading the probe's output; connection strings never appear in it.
            return HealthCheckResult.Unhealthy($"catalog unreachable: {e.GetType().Name}");
        }
    }
}
