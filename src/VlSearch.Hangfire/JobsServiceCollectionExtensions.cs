using global::Hangfire;
using global::Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Hosting;

namespace VlSearch.Hangfire;

/// <summary>Registers background indexing on Hangfire; call after <c>AddVlSearch</c>.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IndexJobService"/>, the Hangfire storage and, unless <c>Indexer:RunJobs</c> is false, a Hangfire server with the
    /// jobs, the dispatcher of queued jobs and, where the index is owned (<c>Indexer:OwnsIndex</c>), the index sync,
    /// the folder watcher and recurring scans. Storage: Hangfire.PostgreSql in server mode (catalog in PostgreSQL),
    /// in-memory in embedded mode; see <see cref="IndexerOptions"/>.
    /// </summary>
    public static IServiceCollection AddVlSearchJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IndexerOptions>().BindConfiguration(IndexerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new IndexJobService(
            sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
            sp.GetRequiredService<IOptions<ModelSelectionOptions>>().Value.Active));

        var settings = configuration.GetSection(IndexerOptions.SectionName).Get<IndexerOptions>() ?? new IndexerOptions();
        var catalogSettings = configuration.GetSection(CatalogOptions.SectionName).Get<CatalogOptions>() ?? new CatalogOptions();
        var storage = string.IsNullOrWhiteSpace(settings.Storage)
            ? (catalogSettings.Provider == CatalogOptions.Postgres ? "postgres" : "memory")
            : settings.Storage;
        var embeddedIndex = !string.Equals(configuration[$"{VectorIndexOptions.SectionName}:Provider"], "qdrant", StringComparison.OrdinalIgnoreCase);
        services.AddSingleton<JobModels>();
        services.AddTransient<IndexJobRunner>();
        // The storage is registered even without a server, so that a web app can show the Hangfire dashboard of the
        // workers it shares PostgreSQL with.
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (storage == "postgres")
            {
                var connection = string.IsNullOrWhiteSpace(settings.ConnectionString) ? catalogSettings.ConnectionString : settings.ConnectionString;
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new OptionsValidationException(IndexerOptions.SectionName, typeof(IndexerOptions), ["Indexer:ConnectionString (or Catalog:ConnectionString) is required for the postgres job storage."]);
                }

                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connection), new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromMilliseconds(500),
                    // A worker killed mid-batch gives its batch back after this long; the sliding timeout keeps long
                    // batches of live workers to themselves.
                    InvisibilityTimeout = TimeSpan.FromSeconds(20),
                    UseSlidingInvisibilityTimeout = true,
                });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        if (!settings.RunJobs)
        {
            return services;
        }

        if (embeddedIndex && !settings.OwnsIndex)
        {
            services.Replace(ServiceDescriptor.Singleton<IVectorIndex, UnownedVectorIndex>());
        }

        services.AddHangfireServer(o =>
        {
            o.WorkerCount = settings.Workers;
            o.Queues = settings.OwnsIndex || !embeddedIndex ? [JobQueues.Index, JobQueues.Embed] : [JobQueues.Embed];
            o.ServerName = settings.EffectiveName;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.HeartbeatInterval = TimeSpan.FromSeconds(5);
            o.ServerCheckInterval = TimeSpan.FromSeconds(10);
            o.ServerTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService<IndexJobDispatcher>();
        if (settings.OwnsIndex || !embeddedIndex)
        {
            services.AddHostedService<IndexSyncService>();
            services.AddHostedService<RecurringScans>();
            if (settings.Watch)
            {
                services.AddHostedService<LibraryWatcher>();
            }
        }

        return services;
    }
}
