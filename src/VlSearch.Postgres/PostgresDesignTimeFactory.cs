using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using VlSearch.Catalog;

namespace VlSearch.Postgres;

/// <summary>
/// Lets <c>dotnet ef migrations add ... --project src/VlSearch.Postgres</c> build the PostgreSQL model; adding a
/// migration does not connect, so the connection string only has to parse.
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    /// <inheritdoc />
    public CatalogDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("VLSEARCH_TEST_POSTGRES")
            ?? "Host=127.0.0.1;Port=55432;Username=vlsearch;Password=vlsearch;Database=vlsearch";
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        PostgresCatalogProvider.ConfigureFromCode(builder, connectionString);
        return new CatalogDbContext(builder.Options);
    }
}
