using Microsoft.EntityFrameworkCore;

namespace VlSearch.Catalog;

/// <summary>Builds catalog contexts without a host (the CLI); hosts with DI use <see cref="CatalogServiceCollectionExtensions"/>.</summary>
public static class CatalogFactory
{
    /// <summary>The provider among <paramref name="providers"/> that <paramref name="options"/> names.</summary>
    /// <exception cref="InvalidOperationException">None of them has that name.</exception>
    public static ICatalogProvider SelectProvider(CatalogOptions options, params IEnumerable<ICatalogProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var known = providers.ToList();
        return known.FirstOrDefault(p => string.Equals(p.Name, options.Provider, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"Unknown catalog provider '{options.Provider}'; expected one of: {string.Join(", ", known.Select(p => p.Name))}.");
    }

    /// <summary>Context options for the provider and connection that <paramref name="options"/> describe.</summary>
    public static DbContextOptions<CatalogDbContext> CreateOptions(
        CatalogOptions options, string? dataDirectory, params IEnumerable<ICatalogProvider> providers)
    {
        var provider = SelectProvider(options, providers);
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        provider.Configure(builder, options.ResolveConnectionString(dataDirectory));
        return builder.Options;
    }

    /// <summary>A factory of contexts for the provider and connection that <paramref name="options"/> describe.</summary>
    /// <param name="options">Provider and connection string.</param>
    /// <param name="dataDirectory">Data folder that holds the SQLite file when no connection string is set.</param>
    /// <param name="providers">The providers the host ships, e.g. SqliteCatalogProvider.Instance and PostgresCatalogProvider.Instance.</param>
    public static IDbContextFactory<CatalogDbContext> Create(
        CatalogOptions options, string? dataDirectory, params IEnumerable<ICatalogProvider> providers) =>
        Create(CreateOptions(options, dataDirectory, providers));

    /// <summary>A factory of contexts built from ready options.</summary>
    public static IDbContextFactory<CatalogDbContext> Create(DbContextOptions<CatalogDbContext> options) =>
        new CatalogDbContextFactory(options);
}
