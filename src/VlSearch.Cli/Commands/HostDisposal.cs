using Microsoft.Extensions.Hosting;

namespace VlSearch.Cli.Commands;

/// <summary>Ends a host the way the embedded index needs: asynchronously, so it saves its pending writes.</summary>
internal static class HostDisposal
{
    public static async Task DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
