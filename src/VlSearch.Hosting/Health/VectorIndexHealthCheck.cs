using Microsoft.Extensions.Diagnostics.HealthChecks;
using VlSearch.Core;

namespace VlSearch.Hosting.Health;

/// <summary>Ready when the vector index answers for the active model's collection (embedded: opened; server: reachable).</summary>
public sealed class VectorIndexHealthCheck(IVectorIndex index, Func<string> activeModel) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await index.CountAsync(CollectionNames.ForModel(activeModel()), cancellationToken);
            return HealthCheckResult.Healthy($"open; {count} vector(s) of the active model");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"vector index unavailable: {e.GetType().Name}");
        }
    }
}
