using System.Data.Common;
using System.Globalization;
using System.Text;

namespace VlSearch.Catalog;

/// <summary>
/// Multi-row inserts of the rows enrichment writes by the thousand (tags and per-photo marks), on a catalog context's
/// connection and transaction. Through the change tracker each row costs its own statement and a read-back of its key;
/// a run tagging a library writes several rows per photo, and that made the catalog, not the models, its bottleneck.
/// On PostgreSQL many rows go in one statement (a round trip each); on SQLite one prepared row is bound again per row.
/// The statements are plain SQL both providers accept; the column names are the model's (a catalog test inserts
/// through them and reads the rows back with EF on each provider).
/// </summary>
public static class CatalogBulk
{
    /// <summary>Rows per statement on PostgreSQL: well under its limit on parameters per statement.</summary>
    public const int RowsPerStatement = 200;

    private static readonly string[] TagColumns =
        ["PhotoId", "Label", "Kind", "Confidence", "Source", "Detection", "BoxX", "BoxY", "BoxWidth", "BoxHeight", "CreatedAt"];

    private static readonly string[] MarkColumns = ["PhotoId", "Stage", "ContentHash", "UpdatedAt"];

    /// <summary>Inserts the tags (their <see cref="PhotoTag.Id"/> is left to the database and not read back).</summary>
    public static Task InsertTagsAsync(CatalogDbContext db, IReadOnlyList<PhotoTag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tags);
        var now = CatalogTime.Now(db.Clock);
        return InsertAsync(db, "PhotoTags", TagColumns, tags, t =>
        [
            t.PhotoId, t.Label, t.Kind, t.Confidence, t.Source, (object?)t.Detection, t.BoxX, t.BoxY, t.BoxWidth, t.BoxHeight,
            t.CreatedAt == default ? now : t.CreatedAt,
        ], cancellationToken);
    }

    /// <summary>Inserts the per-photo stage marks.</summary>
    public static Task InsertMarksAsync(CatalogDbContext db, IReadOnlyList<PhotoEnrichment> marks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(marks);
        var now = CatalogTime.Now(db.Clock);
        return InsertAsync(db, "PhotoEnrichments", MarkColumns, marks, m =>
            [m.PhotoId, m.Stage, m.ContentHash, m.UpdatedAt == default ? now : m.UpdatedAt], cancellationToken);
    }

    private static Task InsertAsync<T>(CatalogDbContext db, string table, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var sqlite = IsSqlite(db);
        return CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            if (sqlite)
            {
                // SQLite finds each parameter by name with a linear scan of the statement's names, so binding the
                // 2,200 parameters of a 200-row statement took millions of string compares (3-4 % of a detector run's
                // CPU). In-process, a statement per row costs no round trip: one prepared row, bound again per row.
                await using var single = connection.CreateCommand();
                single.Transaction = transaction;
                single.CommandText = Statement(table, columns, 1);
                for (var c = 0; c < columns.Length; c++)
                {
                    single.Parameters.Add(Parameter(single, $"@p0_{c}", null));
                }

                foreach (var item in rows)
                {
                    var row = values(item);
                    for (var c = 0; c < columns.Length; c++)
                    {
                        single.Parameters[c].Value = row[c] ?? DBNull.Value;
                    }

                    await single.ExecuteNonQueryAsync(cancellationToken);
                }

                return;
            }

            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = Statement(table, columns, chunk.Length);
                for (var r = 0; r < chunk.Length; r++)
                {
                    var row = values(chunk[r]);
                    for (var c = 0; c < columns.Length; c++)
                    {
                        command.Parameters.Add(Parameter(command, $"@p{r}_{c}", row[c]));
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>Whether the context runs on SQLite (the embedded catalog); the server catalog's rows go many to a statement.</summary>
    private static bool IsSqlite(CatalogDbContext db) =>
        db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;

    private static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    private static string Statement(string table, string[] columns, int rows)
    {
        var sql = new StringBuilder();
        sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO \"{table}\" (").AppendJoin(", ", columns.Select(c => $"\"{c}\"")).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"{(c == 0 ? string.Empty : ", ")}@p{r}_{c}");
            }

            sql.Append(')');
        }

        return sql.ToString();
    }
}
