using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VlSearch.Core;
using VlSearch.Jobs;

namespace VlSearch.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for the long-running hosts: every VlSearch meter (photos indexed, decode and encode times, failures
/// by stage, queue depth, search time per pipeline stage) and trace source (index runs, encoder batches, search
/// stages, encoder and index calls). Exported over OTLP when the standard variables name a collector
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or a signal's own endpoint; protocol, headers and service name as the
/// OpenTelemetry specification defines them); otherwise collected for in-process readers only.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Adds the providers; <paramref name="tracing"/> and <paramref name="metrics"/> add a host's own instrumentation or readers.</summary>
    public static IServiceCollection AddVlSearchTelemetry(
        this IServiceCollection services, string serviceName, Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var otlp = OtlpConfigured(Environment.GetEnvironmentVariable);
        services.AddHostedService(sp => sp.GetRequiredService<JobQueueMetrics>());
        services.AddSingleton<JobQueueMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                m.AddMeter(VlSearchActivity.Prefix + ".*");
                metrics?.Invoke(m);
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            })
            .WithTracing(t =>
            {
                t.AddSource(VlSearchActivity.Prefix + ".*");
                tracing?.Invoke(t);
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            services.AddLogging(l => l.AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.AddOtlpExporter();
            }));
        }

        return services;
    }

    /// <summary>Whether the environment names an OTLP endpoint for any signal.</summary>
    public static bool OtlpConfigured(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT" }
            .Any(name => !string.IsNullOrWhiteSpace(environment(name)));
    }
}
