using System.Text;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;

namespace VlSearch.Sqlite.Keywords;

/// <summary>
/// The keyword index as an FTS5 table, <c>PhotoKeywords</c>, whose rowid is the photo id, with one column per
/// <see cref="KeywordDocument"/> field, ranked by BM25 with per-column weights. A trigger on <c>Photos</c> deletes a
/// photo's row with the photo (also through the library's cascade), so no writer can leave an orphan behind.
/// </summary>
public sealed class SqliteKeywordStore : IKeywordStore
{
    /// <summary>BM25 weights of Name, Folders, Library, Camera, Tags, Caption, Sidecar: a file name match weighs most.</summary>
    public const string Weights = "10.0, 4.0, 1.0, 3.0, 5.0, 3.0, 3.0";

    /// <summary>Creates the table and the trigger when missing; the migration <c>KeywordIndex</c> creates the same.</summary>
    internal const string CreateSql = """
        CREATE VIRTUAL TABLE IF NOT EXISTS "PhotoKeywords" USING fts5("Name", "Folders", "Library", "Camera", "Tags", "Caption", "Sidecar", tokenize = 'unicode61 remove_diacritics 2');
        CREATE TRIGGER IF NOT EXISTS "Photos_DeleteKeywords" AFTER DELETE ON "Photos" BEGIN DELETE FROM "PhotoKeywords" WHERE rowid = old."Id"; END;
        """;

    /// <summary>The shared instance; the store has no state.</summary>
    public static SqliteKeywordStore Instance { get; } = new();

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

        await CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            await using var delete = CatalogCommands.Create(connection, transaction, """DELETE FROM "PhotoKeywords" WHERE rowid = $id""", ("$id", 0L));
            await using var insert = CatalogCommands.Create(
                connection,
                transaction,
                """INSERT INTO "PhotoKeywords" (rowid, "Name", "Folders", "Library", "Camera", "Tags", "Caption", "Sidecar") VALUES ($id, $name, $folders, $library, $camera, $tags, $caption, $sidecar)""",
                ("$id", 0L), ("$name", ""), ("$folders", ""), ("$library", ""), ("$camera", ""), ("$tags", ""), ("$caption", ""), ("$sidecar", ""));
            foreach (var d in documents)
            {
                delete.Parameters["$id"].Value = d.PhotoId;
                await delete.ExecuteNonQueryAsync(cancellationToken);
                insert.Parameters["$id"].Value = d.PhotoId;
                insert.Parameters["$name"].Value = d.Name;
                insert.Parameters["$folders"].Value = d.Folders;
                insert.Parameters["$library"].Value = d.Library;
                insert.Parameters["$camera"].Value = d.Camera;
                insert.Parameters["$tags"].Value = d.Tags;
                insert.Parameters["$caption"].Value = d.Caption;
                insert.Parameters["$sidecar"].Value = d.Sidecar;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(CatalogDbContext db, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        foreach (var chunk in photoIds.Chunk(500))
        {
            await CatalogCommands.ExecuteAsync(db, $"""DELETE FROM "PhotoKeywords" WHERE rowid IN ({string.Join(',', chunk)})""", cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task ClearAsync(CatalogDbContext db, int? libraryId = null, CancellationToken cancellationToken = default) =>
        libraryId is null
            ? CatalogCommands.ExecuteAsync(db, """DELETE FROM "PhotoKeywords" """, cancellationToken)
            : CatalogCommands.ExecuteAsync(db, """DELETE FROM "PhotoKeywords" WHERE rowid IN (SELECT "Id" FROM "Photos" WHERE "LibraryId" = $library)""", cancellationToken, ("$library", libraryId.Value));

    /// <inheritdoc />
    public async Task<long> CountAsync(CatalogDbContext db, int? libraryId = null, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            await using var command = libraryId is null
                ? CatalogCommands.Create(connection, transaction, """SELECT count(*) FROM "PhotoKeywords" """)
                : CatalogCommands.Create(connection, transaction, """SELECT count(*) FROM "PhotoKeywords" JOIN "Photos" ON "Photos"."Id" = "PhotoKeywords".rowid WHERE "Photos"."LibraryId" = $library""", ("$library", libraryId.Value));
            count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
        return count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> FindMissingAsync(CatalogDbContext db, int? libraryId, int limit, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT "Id" FROM "Photos"
            WHERE ($library IS NULL OR "LibraryId" = $library) AND "Id" NOT IN (SELECT rowid FROM "PhotoKeywords")
            ORDER BY "Id" LIMIT $limit
            """;
        return await CatalogCommands.ReadIdsAsync(db, sql, cancellationToken, ("$library", (object?)libraryId ?? DBNull.Value), ("$limit", limit));
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
            ? $"""
              SELECT rowid, bm25("PhotoKeywords", {Weights}) AS "Score"
              FROM "PhotoKeywords"
              WHERE "PhotoKeywords" MATCH $match AND $library IS NULL
              ORDER BY "Score", rowid
              LIMIT $limit
              """
            : $"""
              SELECT "PhotoKeywords".rowid, bm25("PhotoKeywords", {Weights}) AS "Score"
              FROM "PhotoKeywords" JOIN "Photos" ON "Photos"."Id" = "PhotoKeywords".rowid
              WHERE "PhotoKeywords" MATCH $match AND "Photos"."LibraryId" = $library
              ORDER BY "Score", "PhotoKeywords".rowid
              LIMIT $limit
              """;
        var hits = new List<KeywordHit>();
        await CatalogCommands.RunAsync(db, async (connection, transaction) =>
        {
            if (query.Match == KeywordMatch.Any && query.Terms.Count > 1)
            {
                query = query with { Terms = await RankingTermsAsync(connection, transaction, query.Terms, cancellationToken) };
            }

            await using var command = CatalogCommands.Create(connection, transaction, sql,
                ("$match", MatchExpression(query)), ("$library", (object?)query.LibraryId ?? DBNull.Value), ("$limit", query.Limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // BM25 is lower for better matches; the contract wants higher.
                hits.Add(new KeywordHit(reader.GetInt64(0), -reader.GetDouble(1)));
            }
        }, cancellationToken);
        return hits;
    }

    /// <summary>Share of the photos above which a word is too common to rank by, when the query has rarer words.</summary>
    public const double CommonWordShare = 0.25;

    /// <summary>
    /// The words of an any-word query worth ranking by: a word held by more than <see cref="CommonWordShare"/> of the
    /// photos ("img" of every camera file name) adds almost nothing to BM25 yet makes the engine score every photo
    /// holding it, so it is left out while the query has rarer words; words no photo holds are left out too. The
    /// counts come from FTS5's own vocabulary (an fts5vocab table in the connection's temp schema).
    /// </summary>
    private static async Task<IReadOnlyList<string>> RankingTermsAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        await using (var create = CatalogCommands.Create(connection, transaction,
            """CREATE VIRTUAL TABLE IF NOT EXISTS temp."PhotoKeywordsVocab" USING fts5vocab(main, 'PhotoKeywords', 'row')"""))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var documents = new Dictionary<string, long>(StringComparer.Ordinal);
        long total;
        await using (var count = CatalogCommands.Create(connection, transaction, """SELECT count(*) FROM "PhotoKeywords_docsize" """))
        {
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        // One equality lookup per word: the vocabulary table answers "term = ?" from the index, but scans for IN.
        await using var lookup = CatalogCommands.Create(connection, transaction, """SELECT doc FROM temp."PhotoKeywordsVocab" WHERE term = $term""", ("$term", ""));
        foreach (var term in terms)
        {
            lookup.Parameters[0].Value = term;
            if (await lookup.ExecuteScalarAsync(cancellationToken) is { } doc and not DBNull)
            {
                documents[term] = Convert.ToInt64(doc, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var present = terms.Where(documents.ContainsKey).ToList();
        var rare = present.Where(t => documents[t] <= total * CommonWordShare).ToList();
        return rare.Count > 0 ? rare : present.Count > 0 ? present : terms;
    }

    /// <summary>
    /// The FTS5 query: every word quoted (the tokenizer allows only letters and digits, so quoting is safe), phrases
    /// as quoted word sequences, exclusions with NOT.
    /// </summary>
    internal static string MatchExpression(KeywordQuery query)
    {
        var positives = query.Terms.Select(t => $"\"{t}\"")
            .Concat(query.Phrases.Where(p => p.Count > 0).Select(p => $"\"{string.Join(' ', p)}\""));
        // A column filter applies to the positive part only, so exclusions still look at every column.
        var columns = query.Fields switch
        {
            KeywordFields.All => "",
            KeywordFields.WithoutTags => "{Name Folders Library Camera Caption Sidecar} : ",
            KeywordFields.Tags => "{Tags} : ",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Fields, "Unknown keyword fields."),
        };
        var expression = new StringBuilder("(").Append(columns).Append('(')
            .AppendJoin(query.Match == KeywordMatch.All ? " AND " : " OR ", positives)
            .Append("))");
        foreach (var word in query.Excluded)
        {
            expression.Append(" NOT \"").Append(word).Append('"');
        }

        return expression.ToString();
    }
}
