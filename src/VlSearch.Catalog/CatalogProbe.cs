using System.Data.Common;
using System.Globalization;
using VlSearch.Catalog.Storage;

namespace VlSearch.Catalog;

/// <summary>
/// The few questions every command asks at start — which vector spaces exist, whether any index work is waiting, which
/// library a folder is, what a scan already knows — as plain SQL that both providers run as written. Compiling each as
/// a LINQ query costs a short command (re-indexing an unchanged library, <c>status</c>) more than answering it.
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

    /// <summary>The library rooted at <paramref name="root"/>, untracked, or null.</summary>
    public static async Task<Library?> LibraryByRootAsync(CatalogDbContext db, string root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(root);
        Library? library = null;
        const string sql =
            "SELECT \"Id\", \"Name\", \"RootPath\", \"IncludeGlobs\", \"ExcludeGlobs\", \"IncludeHidden\", \"ScanCron\", \"CreatedAt\" " +
            "FROM \"Libraries\" WHERE \"RootPath\" = @root";
        await RunAsync(db, sql, [("@root", root)], async reader =>
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                library = new Library
                {
                    Id = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
                    Name = reader.GetString(1),
                    RootPath = reader.GetString(2),
                    IncludeGlobs = JsonStringList.Deserialize(reader.IsDBNull(3) ? null : reader.GetString(3)),
                    ExcludeGlobs = JsonStringList.Deserialize(reader.IsDBNull(4) ? null : reader.GetString(4)),
                    IncludeHidden = Convert.ToBoolean(reader.GetValue(5), CultureInfo.InvariantCulture),
                    ScanCron = reader.IsDBNull(6) ? null : reader.GetString(6),
                    CreatedAt = Utc(reader.GetDateTime(7)),
                };
            }
        }, cancellationToken);
        return library;
    }

    /// <summary>
    /// What a scan of one library compares the disk with: its photos, the ids among them with a vector of
    /// <paramref name="modelId"/>, and its files known to fail (as they were when they failed).
    /// </summary>
    public static async Task<CatalogScanState> ScanStateAsync(CatalogDbContext db, int libraryId, string modelId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(modelId);
        var photos = new List<CatalogScanState.KnownFile>();
        var embedded = new HashSet<long>();
        var failed = new List<CatalogScanState.FailedFile>();
        await RunAsync(db, "SELECT \"Id\", \"Path\", \"Size\", \"ModifiedAt\", \"ContentHash\", \"UpdatedAt\" FROM \"Photos\" WHERE \"LibraryId\" = @library", [("@library", libraryId)], async reader =>
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                photos.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), Utc(reader.GetDateTime(3)), reader.GetString(4), Utc(reader.GetDateTime(5))));
            }
        }, cancellationToken);
        const string vectors =
            "SELECT e.\"PhotoId\" FROM \"Embeddings\" e JOIN \"Photos\" p ON p.\"Id\" = e.\"PhotoId\" " +
            "WHERE e.\"ModelId\" = @model AND p.\"LibraryId\" = @library";
        await RunAsync(db, vectors, [("@model", modelId), ("@library", libraryId)], async reader =>
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                embedded.Add(reader.GetInt64(0));
            }
        }, cancellationToken);
        await RunAsync(db, "SELECT \"Path\", \"Size\", \"ModifiedAt\" FROM \"FileErrors\" WHERE \"LibraryId\" = @library", [("@library", libraryId)], async reader =>
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                failed.Add(new(reader.GetString(0), reader.GetInt64(1), Utc(reader.GetDateTime(2))));
            }
        }, cancellationToken);
        return new CatalogScanState(photos, embedded, failed);
    }

    /// <summary>
    /// The counts a status page shows: each library (by name) with its photos and failed files, failed files in all,
    /// photos with decode warnings, and stored vectors per model.
    /// </summary>
    public static async Task<CatalogCounts> CountsAsync(CatalogDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var libraries = new List<CatalogCounts.LibraryCount>();
        var vectors = new List<(string Model, long Count)>();
        long failed = 0, warnings = 0;
        const string perLibrary =
            "SELECT l.\"Id\", l.\"Name\", l.\"RootPath\", " +
            "(SELECT COUNT(*) FROM \"Photos\" p WHERE p.\"LibraryId\" = l.\"Id\"), " +
            "(SELECT COUNT(*) FROM \"FileErrors\" e WHERE e.\"LibraryId\" = l.\"Id\") " +
            "FROM \"Libraries\" l ORDER BY l.\"Name\"";
        await RunAsync(db, perLibrary, [], async reader =>
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                libraries.Add(new(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), Count(reader, 3), Count(reader, 4)));
            }
        }, cancellationToken);
        const string totals =
            "SELECT (SELECT COUNT(*) FROM \"FileErrors\"), (SELECT COUNT(*) FROM \"Photos\" WHERE \"DecodeWarning\" IS NOT NULL)";
        await RunAsync(db, totals, [], async reader =>
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (failed, warnings) = (Count(reader, 0), Count(reader, 1));
            }
        }, cancellationToken);
        await RunAsync(db, "SELECT \"ModelId\", COUNT(*) FROM \"Embeddings\" GROUP BY \"ModelId\"", [], async reader =>
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                vectors.Add((reader.GetString(0), Count(reader, 1)));
            }
        }, cancellationToken);
        return new CatalogCounts(libraries, failed, warnings, vectors);
    }

    /// <summary>Marks photos as written now, so that a scan compares their sidecar files against this moment.</summary>
    public static Task TouchAsync(CatalogDbContext db, IReadOnlyCollection<long> photoIds, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(photoIds);
        if (photoIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Ids are numbers from the catalog itself, so they are written into the statement; the time is a parameter.
        var ids = string.Join(", ", photoIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return CatalogCommands.ExecuteAsync(db, $"UPDATE \"Photos\" SET \"UpdatedAt\" = @now WHERE \"Id\" IN ({ids})", cancellationToken, ("@now", CatalogTime.Normalize(now)));
    }

    // Times are stored as UTC on both providers (UtcDateTimeConverter); SQLite reads them back without a kind.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static long Count(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static Task RunAsync(CatalogDbContext db, string sql, (string Name, object Value)[] parameters, Func<DbDataReader, Task> read, CancellationToken cancellationToken) =>
        CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            await using var command = CatalogCommands.Create(connection, transaction, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await read(reader);
        }, cancellationToken);
}
