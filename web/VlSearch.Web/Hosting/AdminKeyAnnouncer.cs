using VlSearch.Web.Security;

namespace VlSearch.Web.Hosting;

/// <summary>
/// Creates the admin key at start and tells the operator where to read it. The key itself never goes to the log:
/// logs are collected and kept by more people and systems than the data folder.
/// </summary>
public sealed partial class AdminKeyAnnouncer(AdminKeyStore store, ILogger<AdminKeyAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Generated)
        {
            LogGenerated(logger, store.KeyFile);
        }
        else
        {
            LogWhere(logger, store.KeyFile);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin key generated; read it from {File} (readable by this account only) to sign in at /login or send it as X-Api-Key, or set Web:AdminKey.")]
    private static partial void LogGenerated(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin key: Web:AdminKey, or the one kept in {File}.")]
    private static partial void LogWhere(ILogger logger, string file);
}
