using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Catalog.Keywords;

namespace VlSearch.Search;

/// <summary>
/// The keyword retriever: file and folder names, library, camera, tags, captions and sidecar text through the
/// catalog's keyword index (<see cref="IKeywordStore"/>). Hits come ranked, with paths, ready for rank fusion.
/// </summary>
public sealed class KeywordSearch(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>Finds the photos whose text holds every word of <paramref name="text"/>; the file name weighs most.</summary>
    /// <param name="text">Words as the user typed them: "IMG_2041", "beach trip", "Canon EOS".</param>
    /// <param name="limit">Most hits, 1 to <see cref="PhotoSearch.MaxResults"/>.</param>
    /// <param name="library">Only photos of the library with this name, when set.</param>
    /// <param name="match">Whether every word must match (default) or any.</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <exception cref="ArgumentException">The text has no words, is too long, or the library is unknown.</exception>
    public async Task<IReadOnlyList<KeywordSearchHit>> SearchTextAsync(
        string text, int limit, string? library = null, KeywordMatch match = KeywordMatch.All, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > PhotoSearch.MaxQueryLength)
        {
            throw new ArgumentException(
                string.IsNullOrWhiteSpace(text) ? "The query is empty: type words of a file, folder or caption." : $"The query is longer than {PhotoSearch.MaxQueryLength} characters.",
                nameof(text));
        }

        if (limit is < 1 or > PhotoSearch.MaxResults)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The number of results must be between 1 and {PhotoSearch.MaxResults}.");
        }

        var query = KeywordQuery.FromText(text, limit, match);
        if (!query.HasPositiveTerms)
        {
            throw new ArgumentException($"The query '{text}' has no words to look for: keywords are letters and digits.", nameof(text));
        }

        if (library is not null)
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var id = await db.Libraries.AsNoTracking().Where(l => l.Name == library).Select(l => (int?)l.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new ArgumentException($"No library is named '{library}'.", nameof(library));
            query = query with { LibraryId = id };
        }

        return await SearchAsync(query, cancellationToken);
    }

    /// <summary>
    /// Runs a query already in keyword form and returns the photo ids with their scores, best first, without reading
    /// the photos: for callers that read the rows themselves (the ranking pipeline) or need only the set of ids.
    /// </summary>
    public async Task<IReadOnlyList<KeywordHit>> SearchIdsAsync(KeywordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Keywords.SearchAsync(db, query, cancellationToken);
    }

    /// <summary>Runs a query already in keyword form (the query language builds these): terms, phrases, exclusions, filters.</summary>
    public async Task<IReadOnlyList<KeywordSearchHit>> SearchAsync(KeywordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var hits = await db.Keywords.SearchAsync(db, query, cancellationToken);
        if (hits.Count == 0)
        {
            return [];
        }

        var ids = hits.Select(h => h.PhotoId).ToList();
        var paths = new Dictionary<long, string>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.Photos.AsNoTracking().Where(p => chunk.Contains(p.Id)).Select(p => new { p.Id, p.Path }).ToListAsync(cancellationToken))
            {
                paths[row.Id] = row.Path;
            }
        }

        var results = new List<KeywordSearchHit>(hits.Count);
        foreach (var hit in hits)
        {
            // A photo deleted between the two reads is simply left out.
            if (paths.TryGetValue(hit.PhotoId, out var path))
            {
                results.Add(new KeywordSearchHit(hit.PhotoId, path, results.Count + 1, hit.Score));
            }
        }

        return results;
    }
}
