using Microsoft.EntityFrameworkCore;
using VlSearch.Core.Matching;

namespace VlSearch.Catalog;

/// <summary>
/// The image features of matchers in the catalog's <c>ImageFeatures</c> table, at half precision. A search reads the
/// features of its candidates in one query; the enrichment stage writes a batch per transaction. Each row remembers
/// the content hash of the file it was extracted from: features of a file since rewritten in place are stale, and
/// this store neither returns nor counts them, but lists their photos as missing.
/// </summary>
public sealed class CatalogImageFeatureStore(IDbContextFactory<CatalogDbContext> catalog) : IImageFeatureStore
{
    /// <summary>Photo ids per query: well under the parameter limits of both engines.</summary>
    public const int ChunkSize = 1000;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, float[]>> GetAsync(string matcherId, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matcherId);
        ArgumentNullException.ThrowIfNull(photoIds);
        var found = new Dictionary<long, float[]>(photoIds.Count);
        if (photoIds.Count == 0)
        {
            return found;
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        // A search asks for 50 to 200 candidates: one chunk, so one query.
        foreach (var chunk in photoIds.Distinct().Chunk(ChunkSize))
        {
            var rows = await Current(db, matcherId)
                .Where(f => chunk.Contains(f.PhotoId))
                .Select(f => new { f.PhotoId, f.Data })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                found[row.PhotoId] = ImageFeatureCodec.Decode(row.Data);
            }
        }

        return found;
    }

    /// <inheritdoc />
    /// <remarks>Photos no longer in the catalog are skipped: their features would have nothing to belong to.</remarks>
    public async Task PutAsync(string matcherId, IReadOnlyList<KeyValuePair<long, float[]>> features, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matcherId);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            return;
        }

        // The last value given for a photo wins, as if each were written in turn.
        var latest = new Dictionary<long, float[]>(features.Count);
        foreach (var (photoId, values) in features)
        {
            ArgumentNullException.ThrowIfNull(values);
            latest[photoId] = values;
        }

        try
        {
            await WriteAsync(matcherId, latest, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another writer (a second worker, a job restarted while its first run was ending) added one of these rows
            // first: read them again and replace them.
            await WriteAsync(matcherId, latest, cancellationToken);
        }
    }

    /// <inheritdoc />
    /// <remarks>A photo whose stored features were extracted from other content of its file counts as missing.</remarks>
    public async Task<IReadOnlyList<long>> MissingAsync(string matcherId, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matcherId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Photos.AsNoTracking()
            .Where(p => p.Id > afterId && !db.ImageFeatures.Any(f => f.PhotoId == p.Id && f.Model == matcherId && f.ContentHash == p.ContentHash))
            .OrderBy(p => p.Id)
            .Select(p => p.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> CountAsync(string matcherId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matcherId);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await Current(db, matcherId).CountAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Also forgets which version of the matcher made them (<see cref="ImageFeatureModel"/>).</remarks>
    public async Task RemoveAsync(string matcherId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(matcherId);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await db.ImageFeatures.Where(f => f.Model == matcherId).ExecuteDeleteAsync(cancellationToken);
        await db.ImageFeatureModels.Where(m => m.Model == matcherId).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task WriteAsync(string matcherId, Dictionary<long, float[]> latest, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = CatalogTime.Now(db.Clock);
        foreach (var chunk in latest.Chunk(ChunkSize))
        {
            var ids = chunk.Select(c => c.Key).ToArray();
            var hashes = await db.Photos.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.ContentHash, cancellationToken);
            var existing = await db.ImageFeatures
                .Where(f => f.Model == matcherId && ids.Contains(f.PhotoId))
                .ToDictionaryAsync(f => f.PhotoId, cancellationToken);
            foreach (var (photoId, values) in chunk)
            {
                if (!hashes.TryGetValue(photoId, out var hash))
                {
                    continue;
                }

                if (!existing.TryGetValue(photoId, out var row))
                {
                    row = new ImageFeature { PhotoId = photoId, Model = matcherId, ContentHash = hash, Data = [] };
                    db.ImageFeatures.Add(row);
                }

                row.Data = ImageFeatureCodec.Encode(values);
                row.Length = values.Length;
                row.ContentHash = hash;
                row.UpdatedAt = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The matcher's features that belong to the current content of their photo.</summary>
    private static IQueryable<ImageFeature> Current(CatalogDbContext db, string matcherId) =>
        db.ImageFeatures.AsNoTracking()
            .Where(f => f.Model == matcherId && db.Photos.Any(p => p.Id == f.PhotoId && p.ContentHash == f.ContentHash));
}
