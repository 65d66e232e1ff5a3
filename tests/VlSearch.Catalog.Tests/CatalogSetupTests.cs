using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Postgres;
using VlSearch.Sqlite;

namespace VlSearch.Catalog.Tests;

/// <summary>Choosing the provider and connection from <see cref="CatalogOptions"/>.</summary>
public sealed class CatalogSetupTests : IDisposable
{
    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "vlsearch-catalog-setup", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    [Fact]
    public void Sqlite_defaults_to_catalog_db_in_the_data_folder()
    {
        var connection = new CatalogOptions().ResolveConnectionString("/var/lib/vl search");

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        Assert.Equal("/var/lib/vl search/catalog.db", builder.DataSource);
    }

    [Fact]
    public void An_explicit_connection_string_wins_over_the_data_folder()
    {
        var options = new CatalogOptions { ConnectionString = "Data Source=/elsewhere/x.db" };

        Assert.Equal("Data Source=/elsewhere/x.db", options.ResolveConnectionString("/data"));
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_an_error_that_names_the_setting()
    {
        var options = new CatalogOptions { Provider = CatalogOptions.Postgres };

        var error = Assert.Throws<InvalidOperationException>(() => options.ResolveConnectionString("/data"));
        Assert.Contains("Catalog:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_an_error_that_lists_the_known_ones()
    {
        var options = new CatalogOptions { Provider = "mysql" };

        var error = Assert.Throws<InvalidOperationException>(
            () => CatalogFactory.Create(options, dataFolder, SqliteCatalogProvider.Instance, PostgresCatalogProvider.Instance));
        Assert.Contains("sqlite, postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provider_is_chosen_by_name_regardless_of_case()
    {
        var sqlite = CatalogFactory.Create(new CatalogOptions { Provider = "SQLite" }, dataFolder,
            SqliteCatalogProvider.Instance, PostgresCatalogProvider.Instance);
        var postgres = CatalogFactory.Create(
            new CatalogOptions { Provider = "Postgres", ConnectionString = "Host=127.0.0.1;Database=none" }, null,
            SqliteCatalogProvider.Instance, PostgresCatalogProvider.Instance);

        using var a = sqlite.CreateDbContext();
        using var b = postgres.CreateDbContext();
        Assert.Equal("Microsoft.EntityFrameworkCore.Sqlite", a.Database.ProviderName);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", b.Database.ProviderName);
    }

    [Fact]
    public async Task The_factory_migrates_a_new_sqlite_catalog_in_a_missing_data_folder()
    {
        var factory = CatalogFactory.Create(new CatalogOptions(), dataFolder, SqliteCatalogProvider.Instance);

        var applied = await CatalogDatabase.MigrateAsync(factory);

        Assert.NotEmpty(applied);
        Assert.True(File.Exists(Path.Combine(dataFolder, "catalog.db")));
        await using var db = await factory.CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task The_container_hands_out_contexts_of_the_configured_catalog()
    {
        var services = new ServiceCollection()
            .AddVlSearchCatalog(new CatalogOptions(), dataFolder, SqliteCatalogProvider.Instance, PostgresCatalogProvider.Instance)
            .BuildServiceProvider();
        await using (services)
        {
            var factory = services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
            await CatalogDatabase.MigrateAsync(factory);
            await using (var db = await factory.CreateDbContextAsync())
            {
                db.Add(Samples.Library("di"));
                await db.SaveChangesAsync();
            }

            await using var again = await factory.CreateDbContextAsync();
            Assert.Equal("di", (await again.Libraries.SingleAsync()).Name);
            Assert.Equal(CatalogOptions.Sqlite, services.GetRequiredService<CatalogOptions>().Provider);
        }
    }
}
