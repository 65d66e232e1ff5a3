using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VlSearch.Sqlite;

/// <summary>Sets the pragmas every catalog connection needs, each time one is opened (pooled ones included).</summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    /// <summary>How long a statement waits for another connection's lock before failing.</summary>
    public const int BusyTimeoutSeconds = 30;

    // busy_timeout comes first so that switching the journal mode also waits for a lock.
    // WAL lets readers go on while a writer writes; NORMAL sync is durable across crashes of the process in WAL.
    private const string Pragmas =
        "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    public static SqliteConnectionSetup Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
