using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using VlSearch.Catalog;

namespace VlSearch.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add ... --project src/VlSearch.Sqlite</c> build the SQLite model.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    /// <inheritdoc />
    public CatalogDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        SqliteCatalogProvider.ConfigureFromCode(builder, "Data Source=" + Path.Combine(Path.GetTempPath(), "vlsearch-design.db"));
        return new CatalogDbContext(builder.Options);
    }
}
