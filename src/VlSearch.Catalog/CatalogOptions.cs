using System.Data.Common;

namespace VlSearch.Catalog;

/// <summary>Which database holds the catalog (configuration section <see cref="SectionName"/>).</summary>
public sealed class CatalogOptions
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "Catalog";

    /// <summary>Value of <see cref="Provider"/> for the embedded SQLite file (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>Value of <see cref="Provider"/> for a PostgreSQL server.</summary>
    public const string Postgres = "postgres";

    /// <summary>File name of the SQLite catalog inside the data folder.</summary>
    public const string DefaultSqliteFileName = "catalog.db";

    /// <summary><see cref="Sqlite"/> or <see cref="Postgres"/>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Provider connection string; for SQLite, <see langword="null"/> means the file in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string to use, filling the SQLite default from <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">No connection string can be had.</exception>
    public string ResolveConnectionString(string? dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (!string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The catalog provider '{Provider}' needs a connection string ({SectionName}:ConnectionString).");
        }

        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            throw new InvalidOperationException("The SQLite catalog needs a data folder or a connection string.");
        }

        // The builder quotes paths with spaces or semicolons.
        var builder = new DbConnectionStringBuilder
        {
            ["Data Source"] = Path.Combine(Path.GetFullPath(dataDirectory), DefaultSqliteFileName),
        };
        return builder.ConnectionString;
    }
}
