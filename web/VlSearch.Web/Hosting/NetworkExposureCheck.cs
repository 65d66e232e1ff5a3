using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace VlSearch.Web.Hosting;

/// <summary>
/// Once the server is listening: when it can be reached from the network (any bound address that is not loopback)
/// while search is open to anyone, the start is refused unless <c>Web:AllowAnonymousNetwork</c> says so, and then
/// it is logged as a warning. Requests are turned away until the check has passed.
/// </summary>
public sealed partial class NetworkExposureCheck(IServer server, IOptions<WebOptions> options, ILogger<NetworkExposureCheck> logger) : IHostedLifecycleService
{
    private volatile bool passed;

    /// <summary>False until the bound addresses were checked and found acceptable.</summary>
    public bool Passed => passed;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        var web = options.Value;
        if (exposed.Count > 0 && !web.RequireApiKey)
        {
            var where = string.Join(", ", exposed);
            if (!web.AllowAnonymousNetwork)
            {
                throw new StartRefusedException(
                    $"VlSearch listens on {where}, which other machines can reach, and search is open to anyone (Web:RequireApiKey is false). " +
                    "Set Web:RequireApiKey=true and give clients keys in Web:ApiKeys, or set Web:AllowAnonymousNetwork=true to allow anonymous " +
                    "search from the network, or listen on localhost only (--urls http://127.0.0.1:5080).");
            }

            LogAnonymousNetwork(logger, where);
        }

        passed = true;
        return Task.CompletedTask;
    }

    /// <summary>True for an address only this machine can reach: loopback names and addresses, and Unix sockets.</summary>
    public static bool IsLoopback(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return true;
        }

        var host = binding.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
               (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "VlSearch listens on {Addresses}, reachable from the network, with search open to anyone (Web:AllowAnonymousNetwork=true). Set Web:RequireApiKey=true to require keys.")]
    private static partial void LogAnonymousNetwork(ILogger logger, string addresses);
}
