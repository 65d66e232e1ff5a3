using Microsoft.EntityFrameworkCore;
using Npgsql;
using VlSearch.Catalog;
using VlSearch.Postgres;
using VlSearch.Sqlite;

namespace VlSearch.Indexer.Tests;

/// <summary>A database of the test's own on the server named by <c>VLSEARCH_TEST_POSTGRES</c>, dropped afterwards.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "VLSEARCH_TEST_POSTGRES";

    private PostgresDatabase(string admin, string name, string connectionString)
    {
        Admin = admin;
        Name = name;
        ConnectionString = connectionString;
        Catalog = CatalogFactory.Create(
            new CatalogOptions { Provider = CatalogOptions.Postgres, ConnectionString = connectionString },
            Path.GetTempPath(),
            SqliteCatalogProvider.Instance,
            PostgresCatalogProvider.Instance);
    }

    public static string SkipReason => $"{Variable} is not set: PostgreSQL tests run where .ci/postgres-start.sh started a server.";

    public string Admin { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    public IDbContextFactory<CatalogDbContext> Catalog { get; }

    /// <summary>Null when no server is configured.</summary>
    public static async Task<PostgresDatabase?> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            return null;
        }

        var name = "vlsearch_jobs_" + Guid.NewGuid().ToString("N")[..10];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>Number of live Hangfire servers (0 until the storage schema exists).</summary>
    public async Task<long> HangfireServersAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM hangfire.server", connection);
            return (long)(await count.ExecuteScalarAsync())!;
        }
        catch (PostgresException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
