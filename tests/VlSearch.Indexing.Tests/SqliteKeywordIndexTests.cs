using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Indexing.Tests;

/// <summary>The keyword index suite on SQLite (FTS5), the embedded engine.</summary>
public sealed class SqliteKeywordIndexTests : KeywordIndexBehaviour
{
    private InMemoryCatalog? catalog;

    protected override string? SkipReason => null;

    protected override bool SkipsCommonWords => true;

    protected override async Task<IDbContextFactory<CatalogDbContext>> CreateCatalogAsync()
    {
        catalog = await InMemoryCatalog.CreateAsync();
        return catalog.Factory;
    }

    protected override async Task DisposeCatalogAsync()
    {
        if (catalog is not null)
        {
            await catalog.DisposeAsync();
        }
    }
}
