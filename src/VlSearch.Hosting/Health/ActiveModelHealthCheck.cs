using Microsoft.Extensions.Diagnostics.HealthChecks;
using VlSearch.Core;

namespace VlSearch.Hosting.Health;

/// <summary>
/// Ready when the active model is loaded. The first probe loads it (seconds), so a new replica takes traffic only once
/// its first search would not wait on a model load.
/// </summary>
public sealed class ActiveModelHealthCheck(IModelCache models, Func<string> activeModel) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var name = activeModel();
        try
        {
            var model = models.Get(name);
            return Task.FromResult(HealthCheckResult.Healthy($"{model.Id} loaded ({model.Dimension} dimensions)"));
        }
        catch (Exception e) when (e is ModelLoadException or ArgumentException or IOException or InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"active model '{name}' cannot be loaded: {e.Message}"));
        }
    }
}
