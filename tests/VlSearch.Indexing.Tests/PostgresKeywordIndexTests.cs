using Microsoft.EntityFrameworkCore;
using Npgsql;
using VlSearch.Catalog;
using VlSearch.Postgres;

namespace VlSearch.Indexing.Tests;

/// <summary>
/// The keyword index suite on PostgreSQL (tsvector + GIN), when <c>VLSEARCH_TEST_POSTGRES</c> names a server
/// (.ci/postgres-start.sh starts one). Each test gets a database of its own, dropped afterwards.
/// </summary>
public sealed class PostgresKeywordIndexTests : KeywordIndexBehaviour
{
    private const string Variable = "VLSEARCH_TEST_POSTGRES";

    private static readonly string? ServerConnectionString = Environment.GetEnvironmentVariable(Variable);

    private readonly string databaseName = "vlsearch_kw_" + Guid.NewGuid().ToString("N");

    protected override string? SkipReason => string.IsNullOrWhiteSpace(ServerConnectionString)
        ? $"PostgreSQL tests need {Variable} (a connection string of a role with CREATEDB); "
          + "`eval \"$(bash .ci/postgres-start.sh)\"` starts a local server and sets it."
        : null;

    private string ConnectionString => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = databaseName }.ConnectionString;

    protected override async Task<IDbContextFactory<CatalogDbContext>> CreateCatalogAsync()
    {
        await ExecuteOnServerAsync($"CREATE DATABASE \"{databaseName}\"");
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        PostgresCatalogProvider.Instance.Configure(builder, ConnectionString);
        var factory = CatalogFactory.Create(builder.Options);
        await CatalogDatabase.MigrateAsync(factory);
        return factory;
    }

    protected override async Task DisposeCatalogAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
