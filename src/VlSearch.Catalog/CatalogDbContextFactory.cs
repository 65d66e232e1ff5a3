using Microsoft.EntityFrameworkCore;

namespace VlSearch.Catalog;

/// <summary>Creates a context per unit of work from fixed options; contexts are cheap, the options are not.</summary>
internal sealed class CatalogDbContextFactory(DbContextOptions<CatalogDbContext> options) : IDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext() => new(options);
}
