using VlSearch.Web.Security;

namespace VlSearch.Web.Hosting;

/// <summary>Creates the admin key at start and tells the operator where it is (and, the first time, what it is).</summary>
public sealed partial class AdminKeyAnnouncer(AdminKeyStore store, ILogger<AdminKeyAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Generated)
        {
            LogGenerated(logger, store.Key, store.KeyFile);
        }
        else
        {
            LogWhere(logger, store.KeyFile);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin key generated: {Key} (kept in {File}; sign in at /login or send it as X-Api-Key).")]
    private static partial void LogGenerated(ILogger logger, string key, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin key: Web:AdminKey, or the one kept in {File}.")]
    private static partial void LogWhere(ILogger logger, string file);
}
