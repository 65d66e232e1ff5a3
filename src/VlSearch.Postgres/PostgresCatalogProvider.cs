using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;
using VlSearch.Postgres.Keywords;

namespace VlSearch.Postgres;

/// <summary>
/// The catalog on a PostgreSQL server. Times are <c>timestamp with time zone</c> and always written as UTC
/// (the catalog's converters guarantee the kind Npgsql insists on).
/// </summary>
public sealed class PostgresCatalogProvider : ICatalogProvider
{
    /// <summary>The shared instance; the provider has no state.</summary>
    public static PostgresCatalogProvider Instance { get; } = new();

    /// <inheritdoc />
    public string Name => CatalogOptions.Postgres;

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
        builder
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresCatalogProvider).Assembly.GetName().Name))
            .UseKeywordStore(PostgresKeywordStore.Instance);
    }
}
