using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace VlSearch.Catalog;

/// <summary>
/// Plain ADO.NET commands on a catalog context's own connection and current transaction: for the providers' keyword
/// stores, whose tables are outside the EF model, and for the start-up questions every command asks
/// (<see cref="CatalogProbe"/>, <see cref="CatalogDatabase"/>), where compiling a LINQ query costs more than answering it.
/// </summary>
public static class CatalogCommands
{
    /// <summary>Runs <paramref name="work"/> on the context's connection and transaction, opening the connection for the call when closed.</summary>
    public static async Task RunAsync(CatalogDbContext db, Func<DbConnection, DbTransaction?, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        var connection = db.Database.GetDbConnection();
        var opened = false;
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            opened = true;
        }

        try
        {
            await work(connection, db.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Runs one statement that returns no rows.</summary>
    public static Task ExecuteAsync(CatalogDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        RunAsync(db, async (connection, transaction) =>
        {
            await using var command = Create(connection, transaction, sql, parameters);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Runs one query whose first column is a photo id and returns those ids in order.</summary>
    public static async Task<List<long>> ReadIdsAsync(CatalogDbContext db, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var ids = new List<long>();
        await RunAsync(db, async (connection, transaction) =>
        {
            await using var command = Create(connection, transaction, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }, cancellationToken);
        return ids;
    }

    /// <summary>A command with named parameters, enlisted in <paramref name="transaction"/>.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
