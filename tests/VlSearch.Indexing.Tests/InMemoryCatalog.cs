using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Sqlite;

namespace VlSearch.Indexing.Tests;

/// <summary>
/// A migrated catalog in a SQLite memory database. The database lives as long as one connection to it is open, so
/// this keeps one open until disposed; every context opens its own, as in production.
/// </summary>
public sealed class InMemoryCatalog : IAsyncDisposable
{
    private readonly SqliteConnection keepAlive;

    private InMemoryCatalog(SqliteConnection keepAlive, IDbContextFactory<CatalogDbContext> factory)
    {
        this.keepAlive = keepAlive;
        Factory = factory;
    }

    public IDbContextFactory<CatalogDbContext> Factory { get; }

    public static async Task<InMemoryCatalog> CreateAsync()
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = "indexing-tests-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ConnectionString;
        var keepAlive = new SqliteConnection(connectionString);
        await keepAlive.OpenAsync();
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        SqliteCatalogProvider.Instance.Configure(builder, connectionString);
        var factory = CatalogFactory.Create(builder.Options);
        await CatalogDatabase.MigrateAsync(factory);
        return new InMemoryCatalog(keepAlive, factory);
    }

    public ValueTask DisposeAsync() => keepAlive.DisposeAsync();
}
