using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace VlSearch.Catalog;

/// <summary>Registers the catalog in a DI container.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{TContext}"/> of <see cref="CatalogDbContext"/> (singleton) and the
    /// <see cref="CatalogOptions"/> for the provider that <paramref name="options"/> names.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="options">Provider and connection string.</param>
    /// <param name="dataDirectory">Data folder that holds the SQLite file when no connection string is set.</param>
    /// <param name="providers">The providers the host ships.</param>
    public static IServiceCollection AddVlSearchCatalog(
        this IServiceCollection services,
        CatalogOptions options,
        string? dataDirectory,
        params IEnumerable<ICatalogProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(services);
        var provider = CatalogFactory.SelectProvider(options, providers);
        var connectionString = options.ResolveConnectionString(dataDirectory);
        services.AddSingleton(options);
        services.AddDbContextFactory<CatalogDbContext>(builder => provider.Configure(builder, connectionString));
        return services;
    }
}
