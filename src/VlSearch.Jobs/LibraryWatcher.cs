using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Jobs;

/// <summary>
/// Watches every library folder (recursively) and queues a scan once changes have been quiet for
/// <see cref="IndexerOptions.WatchDebounce"/>. Scans are incremental, so a burst of events costs one cheap scan.
/// While a job for the library is active the library stays marked and is scanned again after it.
/// </summary>
internal sealed partial class LibraryWatcher(
    IDbContextFactory<CatalogDbContext> catalog,
    IOptions<IndexerOptions> options,
    IndexJobService jobs,
    ILogger<LibraryWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RefreshLibraries = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<int, (string Root, FileSystemWatcher Watcher)> watchers = [];
    private readonly ConcurrentDictionary<int, DateTime> dirty = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refreshed = DateTime.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (DateTime.UtcNow - refreshed > RefreshLibraries)
                    {
                        await RefreshAsync(stoppingToken);
                        refreshed = DateTime.UtcNow;
                    }

                    var quietSince = DateTime.UtcNow - options.Value.WatchDebounce;
                    foreach (var (libraryId, last) in dirty)
                    {
                        if (last <= quietSince
                            && await jobs.TryStartAsync(IndexJobKinds.Scan, libraryId, await jobs.ModelForLibraryAsync(libraryId, stoppingToken), stoppingToken) is not null)
                        {
                            // Events after this point mark the library again, for one more scan.
                            dirty.TryRemove(new KeyValuePair<int, DateTime>(libraryId, last));
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
                {
                    LogWatchFailed(logger, e);
                }

                await Task.Delay(Tick, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var (_, watcher) in watchers.Values)
            {
                watcher.Dispose();
            }

            watchers.Clear();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        List<(int Id, string Root)> libraries;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            libraries = (await db.Libraries.AsNoTracking().Select(l => new { l.Id, l.RootPath }).ToListAsync(cancellationToken))
                .Select(l => (l.Id, l.RootPath))
                .ToList();
        }

        foreach (var id in watchers.Keys.Where(id => !libraries.Any(l => l.Id == id)).ToList())
        {
            watchers[id].Watcher.Dispose();
            watchers.Remove(id);
        }

        foreach (var (id, root) in libraries)
        {
            if (watchers.TryGetValue(id, out var existing))
            {
                if (existing.Root == root)
                {
                    continue;
                }

                existing.Watcher.Dispose();
                watchers.Remove(id);
            }

            if (!Directory.Exists(root))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            var libraryId = id;
            FileSystemEventHandler changed = (_, _) => dirty[libraryId] = DateTime.UtcNow;
            watcher.Created += changed;
            watcher.Changed += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, _) => dirty[libraryId] = DateTime.UtcNow;
            // A lost event (buffer overflow) is answered with a scan, which finds everything anyway.
            watcher.Error += (_, _) => dirty[libraryId] = DateTime.UtcNow;
            watcher.EnableRaisingEvents = true;
            watchers[id] = (root, watcher);
            // Whatever changed before the watch began (while no process watched) is caught by one scan.
            dirty[id] = DateTime.UtcNow;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching libraries failed; retrying.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
