using System.Globalization;
using System.Text;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;

namespace VlSearch.Postgres.Keywords;

/// <summary>
/// The keyword index as a table, <c>PhotoKeywords</c>, of one weighted <c>tsvector</c> per photo with a GIN index,
/// ranked by <c>ts_rank</c>. The <c>simple</c> text search configuration is used for every field: the words arrive
/// already split by <see cref="KeywordTokenizer"/>, and stemming would make file and folder names match differently
/// than in SQLite (and "paris" would not stay "paris"). Labels: A file name; B folders; C camera, caption, sidecar and
/// library; D tags, a label of their own so a query can match in tags only or everywhere else (<see cref="KeywordFields"/>).
/// Ranked with weights 1.0 (A), 0.4 (B), 0.2 (C) and 0.4 (D). The photo id is a foreign key with cascading delete, so a
/// photo's document leaves with it.
/// </summary>
public sealed class PostgresKeywordStore : IKeywordStore
{
    /// <summary>Creates the table and its index when missing; the migration <c>KeywordIndex</c> creates the same.</summary>
    internal const string CreateSql = """
        CREATE TABLE IF NOT EXISTS "PhotoKeywords" (
            "PhotoId" bigint PRIMARY KEY REFERENCES "Photos" ("Id") ON DELETE CASCADE,
            "Document" tsvector NOT NULL);
        CREATE INDEX IF NOT EXISTS "IX_PhotoKeywords_Document" ON "PhotoKeywords" USING GIN ("Document");
        """;

    /// <summary>Upserts a chunk of documents given as parallel arrays, one statement per chunk.</summary>
    private const string UpsertSql = """
        INSERT INTO "PhotoKeywords" ("PhotoId", "Document")
        SELECT d.id,
               setweight(to_tsvector('simple', d.name), 'A')
               || setweight(to_tsvector('simple', d.folders), 'B')
               || setweight(to_tsvector('simple', d.camera || ' ' || d.caption || ' ' || d.sidecar || ' ' || d.library), 'C')
               || setweight(to_tsvector('simple', d.tags), 'D')
        FROM unnest(@ids, @names, @folders, @libraries, @cameras, @tags, @captions, @sidecars)
             AS d(id, name, folders, library, camera, tags, caption, sidecar)
        ON CONFLICT ("PhotoId") DO UPDATE SET "Document" = EXCLUDED."Document"
        """;

    /// <summary>The shared instance; the store has no state.</summary>
    public static PostgresKeywordStore Instance { get; } = new();

    /// <inheritdoc />
    public Task EnsureCreatedAsync(CatalogDbContext db, CancellationToken cancellationToken = default) =>
        CatalogCommands.ExecuteAsync(db, CreateSql, cancellationToken);

    /// <inheritdoc />
    public async Task UpsertAsync(CatalogDbContext db, IReadOnlyCollection<KeywordDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return;
        }

        // One row per photo (the last given wins): a statement may not update the same row twice.
        var unique = documents.GroupBy(d => d.PhotoId).Select(g => g.Last()).ToList();
        foreach (var chunk in unique.Chunk(1000))
        {
            await CatalogCommands.ExecuteAsync(
                db,
                UpsertSql,
                cancellationToken,
                ("ids", chunk.Select(d => d.PhotoId).ToArray()),
                ("names", chunk.Select(d => d.Name).ToArray()),
                ("folders", chunk.Select(d => d.Folders).ToArray()),
                ("libraries", chunk.Select(d => d.Library).ToArray()),
                ("cameras", chunk.Select(d => d.Camera).ToArray()),
                ("tags", chunk.Select(d => d.Tags).ToArray()),
                ("captions", chunk.Select(d => d.Caption).ToArray()),
                ("sidecars", chunk.Select(d => d.Sidecar).ToArray()));
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(CatalogDbContext db, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        if (photoIds.Count > 0)
        {
            await CatalogCommands.ExecuteAsync(db, """DELETE FROM "PhotoKeywords" WHERE "PhotoId" = ANY(@ids)""", cancellationToken, ("ids", photoIds.ToArray()));
        }
    }

    /// <inheritdoc />
    public Task ClearAsync(CatalogDbContext db, int? libraryId = null, CancellationToken cancellationToken = default) =>
        libraryId is null
            ? CatalogCommands.ExecuteAsync(db, """DELETE FROM "PhotoKeywords" """, cancellationToken)
            : CatalogCommands.ExecuteAsync(db, """DELETE FROM "PhotoKeywords" WHERE "PhotoId" IN (SELECT "Id" FROM "Photos" WHERE "LibraryId" = @library)""", cancellationToken, ("library", libraryId.Value));

    /// <inheritdoc />
    public async Task<long> CountAsync(CatalogDbContext db, int? libraryId = null, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            await using var command = libraryId is null
                ? CatalogCommands.Create(connection, transaction, """SELECT count(*) FROM "PhotoKeywords" """)
                : CatalogCommands.Create(connection, transaction, """SELECT count(*) FROM "PhotoKeywords" k JOIN "Photos" p ON p."Id" = k."PhotoId" WHERE p."LibraryId" = @library""", ("library", libraryId.Value));
            count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);
        return count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> FindMissingAsync(CatalogDbContext db, int? libraryId, int limit, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT p."Id" FROM "Photos" p
            WHERE (@library::integer IS NULL OR p."LibraryId" = @library::integer)
              AND NOT EXISTS (SELECT 1 FROM "PhotoKeywords" k WHERE k."PhotoId" = p."Id")
            ORDER BY p."Id" LIMIT @limit
            """;
        return await CatalogCommands.ReadIdsAsync(db, sql, cancellationToken, ("library", (object?)libraryId ?? DBNull.Value), ("limit", limit));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<KeywordHit>> SearchAsync(CatalogDbContext db, KeywordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        if (!query.HasPositiveTerms)
        {
            return [];
        }

        // The join to Photos is paid only when filtering by library: a common word matches thousands of rows.
        var sql = query.LibraryId is null
            ? """
              SELECT k."PhotoId", ts_rank('{0.4, 0.2, 0.4, 1.0}'::float4[], k."Document", q) AS "Score"
              FROM "PhotoKeywords" k, to_tsquery('simple', @match) q
              WHERE k."Document" @@ q AND @library::integer IS NULL
              ORDER BY "Score" DESC, k."PhotoId"
              LIMIT @limit
              """
            : """
              SELECT k."PhotoId", ts_rank('{0.4, 0.2, 0.4, 1.0}'::float4[], k."Document", q) AS "Score"
              FROM "PhotoKeywords" k JOIN "Photos" p ON p."Id" = k."PhotoId", to_tsquery('simple', @match) q
              WHERE k."Document" @@ q AND p."LibraryId" = @library::integer
              ORDER BY "Score" DESC, k."PhotoId"
              LIMIT @limit
              """;
        var hits = new List<KeywordHit>();
        await CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            await using var command = CatalogCommands.Create(connection, transaction, sql,
                ("match", TsQuery(query)), ("library", (object?)query.LibraryId ?? DBNull.Value), ("limit", query.Limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new KeywordHit(reader.GetInt64(0), reader.GetFloat(1)));
            }
        }, cancellationToken);
        return hits;
    }

    /// <summary>
    /// The tsquery text: words quoted as lexemes (the tokenizer allows only letters and digits, so quoting is safe),
    /// phrases joined with the followed-by operator, exclusions with !.
    /// </summary>
    internal static string TsQuery(KeywordQuery query)
    {
        // Labels restrict where a positive lexeme may match; exclusions carry none, so they look at every field.
        var labels = query.Fields switch
        {
            KeywordFields.All => "",
            KeywordFields.WithoutTags => ":ABC",
            KeywordFields.Tags => ":D",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Fields, "Unknown keyword fields."),
        };
        var positives = query.Terms.Select(w => Lexeme(w) + labels)
            .Concat(query.Phrases.Where(p => p.Count > 0).Select(p => "(" + string.Join(" <-> ", p.Select(w => Lexeme(w) + labels)) + ")"));
        var expression = new StringBuilder("(")
            .AppendJoin(query.Match == KeywordMatch.All ? " & " : " | ", positives)
            .Append(')');
        foreach (var word in query.Excluded)
        {
            expression.Append(" & !").Append(Lexeme(word));
        }

        return expression.ToString();
    }

    private static string Lexeme(string word) => "'" + word + "'";
}
