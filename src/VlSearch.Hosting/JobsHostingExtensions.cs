using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Hangfire;
using VlSearch.Jobs;
using VlSearch.Jobs.Admin;

namespace VlSearch.Hosting;

/// <summary>Wires background indexing onto Hangfire for the hosts that run or queue jobs (indexer worker, web app).</summary>
public static class JobsHostingExtensions
{
    /// <summary>Name of the embedded job storage inside the data folder.</summary>
    public const string EmbeddedStorageFile = "jobs.db";

    /// <summary>
    /// Adds the job system (call after <c>AddVlSearch</c>): storage in PostgreSQL when the catalog is there (server
    /// mode; several workers share it), else a SQLite file in the data folder (embedded mode), so queued work and job
    /// history survive restarts either way; a job server unless <c>Indexer:RunJobs</c> is false; and the indexing
    /// jobs of <see cref="JobsServiceCollectionExtensions.AddVlSearchIndexJobs"/>.
    /// </summary>
    public static IServiceCollection AddVlSearchJobs(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var settings = configuration.GetSection(IndexerOptions.SectionName).Get<IndexerOptions>() ?? new IndexerOptions();
        var catalog = configuration.GetSection(CatalogOptions.SectionName).Get<CatalogOptions>() ?? new CatalogOptions();
        var index = configuration.GetSection(VectorIndexOptions.SectionName).Get<VectorIndexOptions>() ?? new VectorIndexOptions();
        var kind = string.IsNullOrWhiteSpace(settings.Storage)
            ? (catalog.Provider == CatalogOptions.Postgres ? JobStorageSettings.Postgres : JobStorageSettings.Sqlite)
            : settings.Storage;
        string connection;
        if (kind == JobStorageSettings.Postgres)
        {
            connection = string.IsNullOrWhiteSpace(settings.ConnectionString) ? catalog.ConnectionString ?? "" : settings.ConnectionString;
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new OptionsValidationException(IndexerOptions.SectionName, typeof(IndexerOptions), ["Indexer:ConnectionString (or Catalog:ConnectionString) is required for the postgres job storage."]);
            }
        }
        else
        {
            connection = Path.Combine(dataDirectory, EmbeddedStorageFile);
        }

        services.AddVlSearchHangfire(new JobStorageSettings(kind, connection));
        services.AddSingleton<LibraryAdmin>();
        services.AddVlSearchIndexJobs(settings, index.IsShared);
        if (settings.RunJobs)
        {
            services.AddVlSearchHangfireServer(new JobServerSettings(settings.Workers, settings.EffectiveName, JobsServiceCollectionExtensions.RunsIndexWork(settings, index.IsShared)));
        }

        return services;
    }
}
