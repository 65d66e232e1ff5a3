using Microsoft.Extensions.DependencyInjection;

namespace VlSearch.ModelHub;

/// <summary>Registers what the model hub needs from a host's service collection.</summary>
public static class ModelHubServiceCollectionExtensions
{
    /// <summary>The name of the HTTP client <see cref="HubPuller"/> downloads with.</summary>
    public const string HttpClientName = "VlSearch.ModelHub";

    /// <summary>
    /// Registers the named HTTP client model downloads use: redirects followed (hubs serve files from a CDN), a
    /// connect timeout, and no overall timeout.
    /// </summary>
    public static IServiceCollection AddModelHubHttpClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient(HttpClientName, client =>
            {
                // Model files run to hundreds of megabytes: stalls are caught per read instead of by an overall timeout.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("vlsearch/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(30),
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 10,
            });
        return services;
    }
}
