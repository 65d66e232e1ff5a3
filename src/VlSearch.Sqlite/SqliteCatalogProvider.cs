using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Sqlite.Keywords;

namespace VlSearch.Sqlite;

/// <summary>
/// The catalog in a SQLite file. Connections run in WAL mode with a busy timeout, so a reader process (search) and a
/// writer process (indexer) can share the file, and two writers wait for each other instead of failing.
/// </summary>
public sealed class SqliteCatalogProvider : ICatalogProvider
{
    private static readonly string[] TimeoutKeywords = ["Default Timeout", "DefaultTimeout", "Command Timeout"];

    /// <summary>The shared instance; the provider has no state.</summary>
    public static SqliteCatalogProvider Instance { get; } = new();

    /// <inheritdoc />
    public string Name => CatalogOptions.Sqlite;

    /// <inheritdoc />
    /// <remarks>
    /// Uses the compiled model in <c>CompiledModel/</c>: building the model from code costs a short command about a
    /// quarter of its run time. Regenerate it after changing the catalog's entities (see <see cref="ConfigureFromCode"/>).
    /// </remarks>
    public void Configure(DbContextOptionsBuilder builder, string connectionString)
    {
        ConfigureFromCode(builder, connectionString);
        builder.UseModel(CompiledModel.CatalogDbContextModel.Instance);
    }

    /// <summary>
    /// Configures the provider with the model built from the entity classes, as the design-time tools need it
    /// (<c>dotnet ef migrations add</c>, <c>dotnet ef dbcontext optimize --output-dir CompiledModel</c>) and as the test
    /// that keeps the compiled model current compares against.
    /// </summary>
    public static void ConfigureFromCode(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var normalized = PrepareConnectionString(connectionString);
        builder
            // A list in a query (ids.Contains(x)) goes to SQLite as one JSON parameter read by json_each: as one named
            // parameter per element (EF's default) the SQL is built again for every list length, and SQLite finds each
            // name by a linear scan of the statement's names, so a 256-id page query bound in quadratic time.
            .UseSqlite(normalized, sqlite => sqlite
                .MigrationsAssembly(typeof(SqliteCatalogProvider).Assembly.GetName().Name)
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(SqliteConnectionSetup.Instance)
            .UseKeywordStore(SqliteKeywordStore.Instance);
    }

    /// <summary>
    /// Sets the command timeout that bounds waiting for a lock and creates the folder of the database file, which
    /// SQLite does not do itself.
    /// </summary>
    private static string PrepareConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        // The generic builder knows only the keys that were written, so it tells whether a timeout was chosen.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!TimeoutKeywords.Any(given.ContainsKey))
        {
            builder.DefaultTimeout = SqliteConnectionSetup.BusyTimeoutSeconds;
        }

        var dataSource = builder.DataSource;
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(dataSource) && dataSource != ":memory:"
            && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        return builder.ConnectionString;
    }
}
