using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Postgres;

/// <summary>
/// The catalog on a PostgreSQL server. Times are <c>timestamp with time zone</c> and always written as UTC
/// (the catalog's converters guarantee the kind Npgsql insists on).
/// </summary>
public sealed class PostgresCatalogProvider : ICatalogProvider
{
    /// <summary>The shared instance; the provider has no state.</summary>
    public static PostgresCatalogProvider Instance { get; } = new();

    /// <inheritdoc />
    public string Name => CatalogOptions.Postgres;

    /// <inheritdoc />
    public void Configure(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresCatalogProvider).Assembly.GetName().Name));
    }
}
