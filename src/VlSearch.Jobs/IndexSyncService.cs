using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VlSearch.Indexing;

namespace VlSearch.Jobs;

/// <summary>
/// In the process that owns the vector index: pushes vectors that workers stored in the catalog (pending,
/// <c>IndexedAt</c> null) to the index, about once per <see cref="IndexerOptions.PollInterval"/>, so new photos become
/// searchable within seconds whichever worker embedded them.
/// </summary>
internal sealed partial class IndexSyncService(IndexSynchronizer synchronizer, IOptions<IndexerOptions> options, ILogger<IndexSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await synchronizer.SyncPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                LogSyncFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Last push on a clean stop, so nothing embedded waits for the next start.
        try
        {
            await synchronizer.SyncPendingAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSyncFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pushing pending vectors to the index failed; retrying.")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
