using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace VlSearch.Catalog.Keywords;

/// <summary>How a provider attaches its keyword store to the catalog contexts it configures.</summary>
public static class KeywordStoreRegistration
{
    /// <summary>
    /// Makes <paramref name="store"/> the <see cref="CatalogDbContext.Keywords"/> of every context built from these
    /// options: the store travels with the provider, so hosts need no extra wiring.
    /// </summary>
    public static DbContextOptionsBuilder UseKeywordStore(this DbContextOptionsBuilder builder, IKeywordStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new KeywordStoreExtension(store));
        return builder;
    }
}
