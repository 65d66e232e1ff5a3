using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using VlSearch.Hosting;
using VlSearch.Hosting.Health;

namespace VlSearch.Indexer;

/// <summary>The indexer worker's composition: VlSearch's services and the job system with a job server.</summary>
public static class IndexerHost
{
    /// <summary>Builds the worker host from <c>--Section:Key=value</c> arguments on top of the usual configuration.</summary>
    public static IHost Build(string[] args)
    {
        var data = DataDirectory.Resolve(null);
        var overrides = args
            .Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            .Select(a => a[2..].Split('=', 2))
            .Select(p => new KeyValuePair<string, string?>(p[0], p[1]));
        var builder = VlSearchHost.CreateBuilder(data, overrides);
        builder.AddVlSearchIndexer(data);
        return builder.Build();
    }

    /// <summary>Adds what the worker runs on top of <c>AddVlSearch</c>: console lifetime, logging levels, the jobs.</summary>
    public static HostApplicationBuilder AddVlSearchIndexer(this HostApplicationBuilder builder, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Services.AddVlSearchJobs(builder.Configuration, dataDirectory);
        builder.Services.AddVlSearchHealthChecks();
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName)
            .Validate(o => string.IsNullOrWhiteSpace(o.Url) || HealthUrl.IsValid(o.Url), "Health:Url must be an http:// prefix such as http://+:8081/.")
            .ValidateOnStart();
        builder.Services.AddHostedService<HealthEndpointListener>();
        return builder;
    }
}
