using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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
        if (await IsUpToDateAsync(db, cancellationToken))
        {
            return [];
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            // Migrating takes a lock and builds every migration's commands: worth it only when there is one to apply.
            await db.Database.MigrateAsync(cancellationToken);
        }

        return pending;
    }

    /// <summary>
    /// Whether the newest migration this build knows is the newest one recorded in the history table. One plain query:
    /// every command runs this check, and Entity Framework's own check builds a model of the history table first, which
    /// costs a short command (<c>status</c>) about a fifth of its run time. Anything unexpected answers "not known",
    /// and the full check runs.
    /// </summary>
    private static async Task<bool> IsUpToDateAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var latest = db.GetService<IMigrationsAssembly>().Migrations.Keys.OrderBy(k => k, StringComparer.Ordinal).LastOrDefault();
        if (latest is null)
        {
            return false;
        }

        string? applied = null;
        try
        {
            await CatalogCommands.RunAsync(db, async (connection, transaction) =>
            {
                await using var command = CatalogCommands.Create(
                    connection, transaction, $"SELECT \"MigrationId\" FROM \"{HistoryRepository.DefaultTableName}\" ORDER BY \"MigrationId\" DESC LIMIT 1");
                applied = await command.ExecuteScalarAsync(cancellationToken) as string;
            }, cancellationToken);
        }
        catch (DbException)
        {
            // No database or no history table yet: the full path creates them.
            return false;
        }

        return string.Equals(applied, latest, StringComparison.Ordinal);
    }
}
