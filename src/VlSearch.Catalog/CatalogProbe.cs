using System.Data.Common;
using System.Globalization;

namespace VlSearch.Catalog;

/// <summary>
/// The few questions every command asks at start — which vector spaces exist, whether any index work is waiting — as
/// plain SQL that both providers run as written. Compiling each as a LINQ query costs a short command (re-indexing an
/// unchanged library, <c>status</c>) more than answering it; the answers are single rows of counts.
/// </summary>
public static class CatalogProbe
{
    /// <summary>The (model, dimension) pairs of the stored vectors.</summary>
    public static async Task<IReadOnlyList<(string Model, int Dimension)>> VectorSpacesAsync(CatalogDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var spaces = new List<(string, int)>();
        await RunAsync(db, "SELECT DISTINCT \"ModelId\", \"Dimension\" FROM \"Embeddings\"", [], async reader =>
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                spaces.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)));
            }
        }, cancellationToken);
        return spaces;
    }

    /// <summary>Removals waiting for any index, and one model's vectors: stored, and stored but not yet in its index.</summary>
    public static async Task<(long Removals, long Stored, long Pending)> IndexWorkAsync(CatalogDbContext db, string modelId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        (long, long, long) counts = default;
        const string sql =
            "SELECT (SELECT COUNT(*) FROM \"IndexRemovals\"), " +
            "(SELECT COUNT(*) FROM \"Embeddings\" WHERE \"ModelId\" = @model), " +
            "(SELECT COUNT(*) FROM \"Embeddings\" WHERE \"ModelId\" = @model AND \"IndexedAt\" IS NULL)";
        await RunAsync(db, sql, [("@model", modelId)], async reader =>
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                counts = (Count(reader, 0), Count(reader, 1), Count(reader, 2));
            }
        }, cancellationToken);
        return counts;
    }

    private static long Count(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static Task RunAsync(CatalogDbContext db, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, Task> read, CancellationToken cancellationToken) =>
        CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            await using var command = CatalogCommands.Create(connection, transaction, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await read(reader);
        }, cancellationToken);
}
