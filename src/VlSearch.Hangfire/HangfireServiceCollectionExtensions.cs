using global::Hangfire;
using global::Hangfire.PostgreSql;
using global::Hangfire.PostgreSql.Factories;
using global::Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using SQLite;
using Microsoft.Extensions.Logging;
using VlSearch.Core.Jobs;

namespace VlSearch.Hangfire;

/// <summary>Registers Hangfire as the job system.</summary>
public static class HangfireServiceCollectionExtensions
{
    /// <summary>
    /// Adds the storage and <see cref="IBackgroundJobQueue"/>. Registered even where no server runs, so that any
    /// process can queue work and the web app can show the dashboard of the workers it shares storage with.
    /// </summary>
    public static IServiceCollection AddVlSearchHangfire(this IServiceCollection services, JobStorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        // The storage belongs to this container: Hangfire's static current storage would be shared by every host
        // in the process, and the last one configured would receive the others' work.
        services.AddSingleton<JobStorage>(_ => CreateStorage(storage));
        services.AddHangfire((provider, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<IBackgroundJobQueue, HangfireJobQueue>();
        services.AddTransient<HangfireJobs>();
        return services;
    }

    private static JobStorage CreateStorage(JobStorageSettings storage)
    {
        switch (storage.Kind)
        {
            case JobStorageSettings.Postgres:
                var options = new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = storage.QueuePollInterval,
                    InvisibilityTimeout = storage.InvisibilityTimeout,
                    UseSlidingInvisibilityTimeout = true,
                    // A lock whose holder was killed blocks every server until it expires; ours are held for
                    // moments, so a minute is ample (the storage's default is ten).
                    DistributedLockTimeout = storage.LockTimeout,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(storage.ConnectionString, options), options);
            case JobStorageSettings.Sqlite:
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(storage.ConnectionString))!);
                var path = storage.ConnectionString;
                // Full mutex: the storage's lock heartbeat and its scheduler can use one pooled connection from two
                // threads at once. A long busy timeout: on a loaded machine a writer can hold the file for seconds,
                // and a fetch that fails puts a worker to sleep for longer and longer.
                var connections = new SQLiteDbConnectionFactory(() => new SQLiteConnection(
                    path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.FullMutex, storeDateTimeAsTicks: true)
                {
                    BusyTimeout = TimeSpan.FromSeconds(30),
                });
                return new SQLiteStorage(connections, new SQLiteStorageOptions
                {
                    QueuePollInterval = storage.QueuePollInterval,
                    // This storage does not slide the timeout while a job runs: a short one would hand a long batch
                    // to a second worker while the first still embeds it. A crashed process's work is planned again
                    // by the dispatcher's own recovery long before this.
                    InvisibilityTimeout = TimeSpan.FromMinutes(30),
                    DistributedLockLifetime = storage.LockTimeout,
                });
            default:
                throw new ArgumentException($"Unknown job storage '{storage.Kind}': use '{JobStorageSettings.Postgres}' or '{JobStorageSettings.Sqlite}'.", nameof(storage));
        }
    }

    /// <summary>Adds a job server that runs queued work in this process.</summary>
    public static IServiceCollection AddVlSearchHangfireServer(this IServiceCollection services, JobServerSettings server)
    {
        ArgumentNullException.ThrowIfNull(server);
        services.AddHangfireServer((provider, o) =>
        {
            // Work is activated from this host's container. Hangfire's process-wide activator belongs to whichever
            // host configured it last, which may be stopped by now (tests, a host restarted in place).
            o.Activator = new global::Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
            o.WorkerCount = server.Workers;
            o.Queues = server.RunsIndexWork ? [JobQueues.Index, JobQueues.Embed] : [JobQueues.Embed];
            o.ServerName = server.Name;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.HeartbeatInterval = TimeSpan.FromSeconds(5);
            o.ServerCheckInterval = TimeSpan.FromSeconds(10);
            o.ServerTimeout = TimeSpan.FromSeconds(30);
        });
        return services;
    }
}
