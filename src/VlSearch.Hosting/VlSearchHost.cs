using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VlSearch.Hosting;

/// <summary>Builds a host with VlSearch's configuration sources and services, for programs without a web server.</summary>
public static class VlSearchHost
{
    /// <summary>Name of the optional settings file inside the data folder.</summary>
    public const string SettingsFileName = "vlsearch.json";

    /// <summary>
    /// Configuration, lowest precedence first: built-in defaults, <c>&lt;data&gt;/vlsearch.json</c>, environment
    /// variables prefixed <c>VLSEARCH_</c> (<c>VLSEARCH_Catalog__Provider=postgres</c>), then <paramref name="overrides"/>.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string dataDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = dataDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddVlSearchSources(dataDirectory, overrides);
        // Logs go to standard error: standard output carries results (--json) that programs parse.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning);
        // Levels per category from the settings, e.g. VLSEARCH_Logging__LogLevel__VlSearch.Indexing.Encodes=Debug.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddCatalogLogFilter(LogLevel.Error);
        builder.Services.AddVlSearch(dataDirectory);
        return builder;
    }

    /// <summary>
    /// Keeps the catalog's database library (Entity Framework Core) at <paramref name="minimum"/> and above: below it
    /// it logs every command, which drowns the application's own messages.
    /// </summary>
    public static ILoggingBuilder AddCatalogLogFilter(this ILoggingBuilder logging, LogLevel minimum) =>
        logging.AddFilter("Microsoft.EntityFrameworkCore", minimum);

    /// <summary>Adds VlSearch's configuration sources to any configuration (also the web app's).</summary>
    public static IConfigurationBuilder AddVlSearchSources(this IConfigurationBuilder configuration, string dataDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        configuration.AddJsonFile(Path.Combine(dataDirectory, SettingsFileName), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables("VLSEARCH_");
        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }

        return configuration;
    }
}
