using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Jobs;

namespace VlSearch.Jobs;

/// <summary>Registers background indexing; the host adds a job system that implements <see cref="IBackgroundJobQueue"/>.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IndexJobService"/> and, unless <see cref="IndexerOptions.RunJobs"/> is false, the job handler and
    /// the dispatcher of queued jobs; where the index is owned (or shared by every process), also the index sync, the
    /// folder watcher and recurring scans. A worker that does not own an embedded index gets an index that refuses
    /// every call, so a mistake in ownership is loud.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">The <c>Indexer</c> section as bound now, to choose what to register.</param>
    /// <param name="sharedIndex">Whether the vector index is a server that every process may write.</param>
    public static IServiceCollection AddVlSearchIndexJobs(this IServiceCollection services, IndexerOptions settings, bool sharedIndex)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddOptions<IndexerOptions>().BindConfiguration(IndexerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddVlSearchJobService();
        if (!settings.RunJobs)
        {
            return services;
        }

        if (!sharedIndex && !settings.OwnsIndex)
        {
            services.Replace(ServiceDescriptor.Singleton<IVectorIndex, UnownedVectorIndex>());
        }

        services.AddTransient<IndexJobRunner>();
        services.AddTransient<IIndexJobHandler>(sp => sp.GetRequiredService<IndexJobRunner>());
        services.AddHostedService<IndexJobDispatcher>();
        if (settings.OwnsIndex || sharedIndex)
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

    /// <summary>
    /// Adds <see cref="IndexJobService"/> (once), which needs only the catalog: every host may list and start jobs.
    /// </summary>
    public static IServiceCollection AddVlSearchJobService(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new IndexJobService(
            sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>(),
            sp.GetRequiredService<IOptions<ModelSelectionOptions>>().Value.Active,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Whether this process runs the jobs that write the index (planning, removals, rebuilds).</summary>
    public static bool RunsIndexWork(IndexerOptions settings, bool sharedIndex)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.RunJobs && (settings.OwnsIndex || sharedIndex);
    }
}
