using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Jobs.Admin;

/// <summary>
/// The files that could not be indexed, and the photos indexed with a warning, for every host. Plain SQL that both
/// providers run as written: `status` asks both lists at every start, and compiling them as LINQ cost more than
/// running them.
/// </summary>
public sealed class FailedFileQuery(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>Failed files ordered by path (or newest first), optionally of one library.</summary>
    public async Task<IReadOnlyList<FailedFile>> FailedFilesAsync(string? library = null, int limit = 1000, bool newestFirst = false, CancellationToken cancellationToken = default)
    {
        var sql =
            "SELECT e.\"Id\", e.\"LibraryId\", l.\"Name\", e.\"Path\", e.\"Stage\", e.\"Reason\", e.\"OccurredAt\" " +
            "FROM \"FileErrors\" e LEFT JOIN \"Libraries\" l ON l.\"Id\" = e.\"LibraryId\" " +
            (library is null ? "" : "WHERE l.\"Name\" = @library ") +
            (newestFirst ? "ORDER BY e.\"Id\" DESC " : "ORDER BY e.\"Path\" ") +
            "LIMIT @limit";
        var parameters = new List<(string, object)> { ("@limit", Math.Clamp(limit, 1, 100_000)) };
        if (library is not null)
        {
            parameters.Add(("@library", library));
        }

        var files = new List<FailedFile>();
        await ReadAsync(sql, [.. parameters], reader => files.Add(new FailedFile(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5),
            DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc))), cancellationToken);
        return files;
    }

    /// <summary>Photos indexed from damaged files (see <see cref="Photo.DecodeWarning"/>), ordered by path.</summary>
    public async Task<IReadOnlyList<PhotoWarning>> WarningsAsync(int limit = 1000, CancellationToken cancellationToken = default)
    {
        const string sql =
            "SELECT p.\"Id\", l.\"Name\", p.\"Path\", p.\"DecodeWarning\" FROM \"Photos\" p " +
            "LEFT JOIN \"Libraries\" l ON l.\"Id\" = p.\"LibraryId\" WHERE p.\"DecodeWarning\" IS NOT NULL ORDER BY p.\"Path\" LIMIT @limit";
        var warnings = new List<PhotoWarning>();
        await ReadAsync(sql, [("@limit", Math.Clamp(limit, 1, 100_000))], reader => warnings.Add(new PhotoWarning(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3))), cancellationToken);
        return warnings;
    }

    private async Task ReadAsync(string sql, (string, object)[] parameters, Action<System.Data.Common.DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            await using var command = CatalogCommands.Create(connection, transaction, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }, cancellationToken);
    }
}
