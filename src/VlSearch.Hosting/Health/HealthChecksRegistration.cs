using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using VlSearch.Core;

namespace VlSearch.Hosting.Health;

/// <summary>
/// The readiness checks every long-running host serves at <c>/health/ready</c>: catalog reachable, vector index open,
/// active model loaded. <c>/health/live</c> runs none of them: a process that answers is alive, and a slow database
/// must not get it restarted.
/// </summary>
public static class HealthChecksRegistration
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the readiness checks; <paramref name="activeModel"/> names the model searches use (default: the configured one).</summary>
    public static IServiceCollection AddVlSearchHealthChecks(this IServiceCollection services, Func<IServiceProvider, string>? activeModel = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        activeModel ??= sp => sp.GetRequiredService<IOptions<ModelSelectionOptions>>().Value.Active;
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration("catalog", sp => ActivatorUtilities.CreateInstance<CatalogHealthCheck>(sp), HealthStatus.Unhealthy, [ReadyTag]))
            .Add(new HealthCheckRegistration(
                "index", sp => new VectorIndexHealthCheck(sp.GetRequiredService<IVectorIndex>(), () => activeModel(sp)), HealthStatus.Unhealthy, [ReadyTag]))
            .Add(new HealthCheckRegistration(
                "model", sp => new ActiveModelHealthCheck(sp.GetRequiredService<IModelCache>(), () => activeModel(sp)), HealthStatus.Unhealthy, [ReadyTag]));
        return services;
    }

    /// <summary>Whether a registration belongs to <c>/health/ready</c>.</summary>
    public static bool IsReadiness(HealthCheckRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.Tags.Contains(ReadyTag);
    }
}
