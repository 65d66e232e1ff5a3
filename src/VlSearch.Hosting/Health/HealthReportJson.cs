using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VlSearch.Hosting.Health;

/// <summary>
/// The body of the health endpoints, the same in the web app and the worker:
/// <c>{"status":"Healthy","checks":[{"name":"catalog","status":"Healthy","description":"…","ms":1.2}]}</c>.
/// </summary>
public static class HealthReportJson
{
    /// <summary>The HTTP status a probe reads: 200 unless a check is unhealthy (503).</summary>
    public static int StatusCode(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Status == HealthStatus.Unhealthy ? 503 : 200;
    }

    /// <summary>Writes <paramref name="report"/> as JSON.</summary>
    public static async Task WriteAsync(Stream body, HealthReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(report);
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description);
            json.WriteNumber("ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
