using Microsoft.EntityFrameworkCore;

namespace VlSearch.Catalog;

/// <summary>
/// A database engine the catalog can live in. Each provider project (VlSearch.Sqlite, VlSearch.Postgres) has one,
/// which also points EF Core at that project's migrations; hosts hand the ones they ship to
/// <see cref="CatalogFactory"/> or <see cref="CatalogServiceCollectionExtensions.AddVlSearchCatalog"/>, so this
/// project depends on no engine.
/// </summary>
public interface ICatalogProvider
{
    /// <summary>The <see cref="CatalogOptions.Provider"/> value that selects this provider.</summary>
    string Name { get; }

    /// <summary>Sets the provider, its connection and its migrations assembly on <paramref name="builder"/>.</summary>
    void Configure(DbContextOptionsBuilder builder, string connectionString);
}
