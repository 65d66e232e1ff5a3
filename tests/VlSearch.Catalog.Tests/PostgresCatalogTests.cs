using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VlSearch.Postgres;

namespace VlSearch.Catalog.Tests;

/// <summary>
/// The catalog suite on PostgreSQL, when <c>VLSEARCH_TEST_POSTGRES</c> names a server (.ci/postgres-start.sh starts
/// one). Each test creates a database of its own, named uniquely, and drops it afterwards.
/// </summary>
public sealed class PostgresCatalogTests : CatalogBehaviour
{
    private const string Variable = "VLSEARCH_TEST_POSTGRES";

    private static readonly string? ServerConnectionString = Environment.GetEnvironmentVariable(Variable);

    private readonly string databaseName = "vlsearch_test_" + Guid.NewGuid().ToString("N");

    protected override string? SkipReason => string.IsNullOrWhiteSpace(ServerConnectionString)
        ? $"PostgreSQL tests need {Variable} (a connection string of a role with CREATEDB); "
          + "`eval \"$(bash .ci/postgres-start.sh)\"` starts a local server and sets it."
        : null;

    private string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = databaseName }.ConnectionString;

    protected override async Task<IDbContextFactory<CatalogDbContext>> CreateEmptyDatabaseAsync()
    {
        await ExecuteOnServerAsync($"CREATE DATABASE \"{databaseName}\"");
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        PostgresCatalogProvider.Instance.Configure(builder, ConnectionString);
        return CatalogFactory.Create(builder.Options);
    }

    protected override async Task DropDatabaseAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)");
    }

    protected override async Task<string> ExplainAsync(CatalogDbContext db, DbCommand query)
    {
        // A table this small is cheaper to scan; forbidding scans shows whether the index can serve the query at all.
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        query.CommandText = "EXPLAIN " + query.CommandText;
        var plan = new StringBuilder();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(0));
        }

        return plan.ToString();
    }

    [SkippableFact]
    public async Task Times_are_timestamptz_columns()
    {
        var factory = await MigratedAsync();
        await using var db = await factory.CreateDbContextAsync();
        var types = await db.Database
            .SqlQueryRaw<string>(
                "SELECT DISTINCT data_type AS \"Value\" FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND column_name IN ('ModifiedAt', 'TakenAt', 'AddedAt', 'EmbeddedAt', 'IndexedAt', 'HeartbeatAt')")
            .ToListAsync();
        Assert.Equal(["timestamp with time zone"], types);
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
