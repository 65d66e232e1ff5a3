using Npgsql;

namespace VlSearch.Cli.Tests;

/// <summary>The same indexing loop with the catalog in a real PostgreSQL server (server mode).</summary>
public sealed class PostgresCatalogTests : IAsyncLifetime
{
    private const string Variable = "VLSEARCH_TEST_POSTGRES";
    private readonly TempFolder temp = new();
    private readonly string database = "vlsearch_cli_" + Guid.NewGuid().ToString("N")[..10];
    private string? connectionString;

    public async Task InitializeAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            return;
        }

        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
    }

    [SkippableFact]
    public async Task Indexing_with_a_postgres_catalog_finds_moves_and_deletions()
    {
        Skip.If(connectionString is null, $"{Variable} is not set: PostgreSQL tests run where .ci/postgres-start.sh started a server.");

        var data = temp.Sub("data");
        File.WriteAllText(Path.Combine(data, "vlsearch.json"), $$"""{ "Catalog": { "Provider": "postgres", "ConnectionString": "{{connectionString}}" } }""");
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var files = TestImages.WriteLibrary(library, 60);
        var cli = new CliRunner(data);

        var first = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(60, first.Json[0].GetProperty("embedded").GetInt64());

        File.Move(files[0], Path.Combine(library, "moved.png"));
        File.Delete(files[1]);
        var second = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(0, second.Json[0].GetProperty("embedded").GetInt64());
        Assert.Equal(1, second.Json[0].GetProperty("reused").GetInt64());
        Assert.Equal(1, second.Json[0].GetProperty("removed").GetInt64());
        Assert.Equal(58, second.Json[0].GetProperty("unchanged").GetInt64());

        var status = await cli.RunAsync("status", "--json");
        Assert.Equal("postgres", status.Json.GetProperty("catalog").GetString());
        Assert.Equal(59, status.Json.GetProperty("photos").GetInt64());
        var hit = await cli.RunAsync("similar", Path.Combine(library, "moved.png"), "--model", model, "-k", "1", "--json");
        Assert.Equal(Path.Combine(library, "moved.png"), hit.Json[0].GetProperty("path").GetString());
    }

    public async Task DisposeAsync()
    {
        temp.Dispose();
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (connectionString is null || admin is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
