using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using VlSearch.Postgres;
using VlSearch.Sqlite;

namespace VlSearch.Catalog.Tests;

/// <summary>
/// The providers run on generated compiled models; these tests fail as soon as the entity classes or their mapping
/// change without the models being generated again (the message says how).
/// </summary>
public sealed class CompiledModelTests
{
    private const string Regenerate =
        "The compiled model is out of date: run `dotnet ef dbcontext optimize --project src/VlSearch.{0} --startup-project src/VlSearch.{0} " +
        "--output-dir CompiledModel --namespace VlSearch.{0}.CompiledModel --context CatalogDbContext` and delete the generated " +
        "CatalogDbContextAssemblyAttributes.cs. First difference: {1}";

    [Fact]
    public void The_sqlite_compiled_model_matches_the_model_built_from_the_entity_classes()
    {
        const string connection = "Data Source=:memory:";
        AssertSameModel("Sqlite", b => SqliteCatalogProvider.Instance.Configure(b, connection), b => SqliteCatalogProvider.ConfigureFromCode(b, connection));
    }

    [Fact]
    public void The_postgres_compiled_model_matches_the_model_built_from_the_entity_classes()
    {
        const string connection = "Host=127.0.0.1;Database=unused";
        AssertSameModel("Postgres", b => PostgresCatalogProvider.Instance.Configure(b, connection), b => PostgresCatalogProvider.ConfigureFromCode(b, connection));
    }

    [Fact]
    public void A_changed_mapping_is_seen_as_a_difference()
    {
        var model = Describe(Build(b => SqliteCatalogProvider.ConfigureFromCode(b, "Data Source=:memory:")));
        var changed = model.Select(line => line.Replace("col=RootPath", "col=Root", StringComparison.Ordinal)).ToList();

        Assert.NotEqual(model, changed);
    }

    private static void AssertSameModel(string provider, Action<DbContextOptionsBuilder> compiled, Action<DbContextOptionsBuilder> fromCode)
    {
        var expected = Describe(Build(fromCode));
        var actual = Describe(Build(compiled));

        var difference = expected.Except(actual).Concat(actual.Except(expected)).FirstOrDefault();
        Assert.True(difference is null, string.Format(System.Globalization.CultureInfo.InvariantCulture, Regenerate, provider, difference));
        Assert.Contains(actual, line => line.Contains("col=RootPath", StringComparison.Ordinal));
    }

    private static IModel Build(Action<DbContextOptionsBuilder> configure)
    {
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        configure(builder);
        using var db = new CatalogDbContext(builder.Options);
        return db.Model;
    }

    /// <summary>Tables, columns with their store types and conversions, keys, indexes and foreign keys, one line each.</summary>
    private static List<string> Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var table = entity.GetTableName();
            lines.Add($"{entity.Name} table={table}");
            foreach (var p in entity.GetProperties())
            {
                lines.Add($"{table}.{p.Name} clr={p.ClrType.Name} col={p.GetColumnName()} type={p.GetColumnType()} null={p.IsNullable} " +
                    $"max={p.GetMaxLength()} converter={p.GetValueConverter()?.ProviderClrType.Name} generated={p.ValueGenerated} concurrency={p.IsConcurrencyToken}");
            }

            foreach (var key in entity.GetKeys())
            {
                lines.Add($"{table} key {string.Join(',', key.Properties.Select(p => p.Name))} primary={key.IsPrimaryKey()}");
            }

            foreach (var index in entity.GetIndexes())
            {
                lines.Add($"{table} index {index.GetDatabaseName()} ({string.Join(',', index.Properties.Select(p => p.Name))}) unique={index.IsUnique} filter={index.GetFilter()}");
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                lines.Add($"{table} fk ({string.Join(',', fk.Properties.Select(p => p.Name))}) -> {fk.PrincipalEntityType.Name} delete={fk.DeleteBehavior} required={fk.IsRequired}");
            }
        }

        return lines;
    }
}
