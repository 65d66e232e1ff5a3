using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VlSearch.Sqlite;

namespace VlSearch.Catalog.Tests;

/// <summary>The catalog suite on a SQLite file in a temporary folder, plus what only SQLite needs (locking).</summary>
public sealed class SqliteCatalogTests : CatalogBehaviour
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "vlsearch-catalog-tests", Guid.NewGuid().ToString("N"));

    protected override string? SkipReason => null;

    private string ConnectionString => new SqliteConnectionStringBuilder
    {
        // The folder does not exist yet: the provider must create it.
        DataSource = Path.Combine(folder, "nested", "catalog.db"),
    }.ConnectionString;

    protected override Task<IDbContextFactory<CatalogDbContext>> CreateEmptyDatabaseAsync() =>
        Task.FromResult(CreateFactory());

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override async Task<string> ExplainAsync(CatalogDbContext db, DbCommand query)
    {
        query.CommandText = "EXPLAIN QUERY PLAN " + query.CommandText;
        var plan = new StringBuilder();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(reader.GetOrdinal("detail")));
        }

        return plan.ToString();
    }

    /// <summary>A second, independent factory: its contexts use their own connections, as another process would.</summary>
    private IDbContextFactory<CatalogDbContext> CreateFactory()
    {
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        SqliteCatalogProvider.Instance.Configure(builder, ConnectionString);
        return CatalogFactory.Create(builder.Options);
    }

    [Fact]
    public async Task Connections_use_wal_and_wait_for_locks()
    {
        var factory = await MigratedAsync();
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal("30000", await ScalarAsync(connection, "PRAGMA busy_timeout"));
        Assert.Equal("1", await ScalarAsync(connection, "PRAGMA foreign_keys"));
        Assert.True(File.Exists(Path.Combine(folder, "nested", "catalog.db")));
    }

    [Fact]
    public async Task A_writer_waits_for_another_writers_transaction_instead_of_failing()
    {
        var first = await MigratedAsync();
        var second = CreateFactory();

        await using var holder = await first.CreateDbContextAsync();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        holder.Add(Samples.Library("first"));
        await holder.SaveChangesAsync();

        var waiting = Task.Run(async () =>
        {
            await using var db = await second.CreateDbContextAsync();
            db.Add(Samples.Library("second"));
            return await db.SaveChangesAsync();
        });

        // The second writer must still be blocked while the first holds its write lock.
        var finishedFirst = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.NotSame(waiting, finishedFirst);

        await transaction.CommitAsync();
        Assert.Equal(1, await waiting);

        await using var check = await second.CreateDbContextAsync();
        Assert.Equal(["first", "second"], await check.Libraries.OrderBy(l => l.Name).Select(l => l.Name).ToListAsync());
    }

    [Fact]
    public async Task Two_contexts_writing_concurrently_both_succeed()
    {
        var first = await MigratedAsync();
        var second = CreateFactory();
        await using (var db = await first.CreateDbContextAsync())
        {
            db.Add(Samples.Library("shared"));
            await db.SaveChangesAsync();
        }

        const int PerWriter = 40;
        await Task.WhenAll(WriteAsync(first, "a"), WriteAsync(second, "b"), ReadAsync(first));

        await using var check = await first.CreateDbContextAsync();
        Assert.Equal(PerWriter, await check.Photos.CountAsync(p => p.Path.StartsWith("/shared/a/")));
        Assert.Equal(PerWriter, await check.Photos.CountAsync(p => p.Path.StartsWith("/shared/b/")));

        async Task WriteAsync(IDbContextFactory<CatalogDbContext> factory, string writer)
        {
            await Task.Yield();
            for (var i = 0; i < PerWriter; i++)
            {
                await using var db = await factory.CreateDbContextAsync();
                var library = await db.Libraries.SingleAsync(l => l.Name == "shared");
                db.Add(Samples.Photo(library, $"/shared/{writer}/{i}.jpg"));
                await db.SaveChangesAsync();
            }
        }

        async Task ReadAsync(IDbContextFactory<CatalogDbContext> factory)
        {
            await Task.Yield();
            var last = 0;
            for (var i = 0; i < PerWriter; i++)
            {
                await using var db = await factory.CreateDbContextAsync();
                var count = await db.Photos.CountAsync();
                Assert.True(count >= last, "a reader saw committed rows disappear");
                last = count;
            }
        }
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
