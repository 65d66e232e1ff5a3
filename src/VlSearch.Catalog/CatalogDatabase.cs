using Microsoft.EntityFrameworkCore;

namespace VlSearch.Catalog;

/// <summary>Brings a catalog database to the current schema.</summary>
public static class CatalogDatabase
{
    /// <summary>
    /// Creates the database if needed and applies the pending migrations of the configured provider.
    /// Safe to call at every start; returns the migrations applied by this call (empty when up to date).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(
        IDbContextFactory<CatalogDbContext> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await MigrateAsync(db, cancellationToken);
    }

    /// <inheritdoc cref="MigrateAsync(IDbContextFactory{CatalogDbContext}, CancellationToken)"/>
    public static async Task<IReadOnlyList<string>> MigrateAsync(CatalogDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Migrating takes a lock and builds every migration's commands: worth it only when there is one to apply.
            await db.Database.MigrateAsync(cancellationToken);
        }

        return pending;
    }
}
