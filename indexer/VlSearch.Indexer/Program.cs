using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using VlSearch.Hangfire;
using VlSearch.Hosting;

// The worker: configuration as for every VlSearch host (<data>/vlsearch.json, VLSEARCH_* variables, then
// --Section:Key=value arguments); runs until SIGINT/SIGTERM.
var data = DataDirectory.Resolve(null);
var overrides = args
    .Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
    .Select(a => a[2..].Split('=', 2))
    .Select(p => new KeyValuePair<string, string?>(p[0], p[1]));
var builder = VlSearchHost.CreateBuilder(data, overrides);
builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
builder.Services.AddVlSearchJobs(builder.Configuration);
using var host = builder.Build();
await host.RunAsync();
