using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// Reads a photo's tags and edits the tags people set. Every change also rewrites the photo's denormalised label list
/// (<see cref="Photo.Tags"/>, which the <c>tag:</c> filter and the vector index payloads read), its keyword document,
/// and marks its vectors for a payload push, all in the transaction of the change.
/// </summary>
public sealed class PhotoTagService(IDbContextFactory<CatalogDbContext> catalog)
{
    /// <summary>The photo's tags, strongest first within each kind (object and attribute tags in detection order); null when there is no such photo.</summary>
    public async Task<IReadOnlyList<PhotoTag>?> GetAsync(long photoId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        if (!await db.Photos.AnyAsync(p => p.Id == photoId, cancellationToken))
        {
            return null;
        }

        var tags = await db.PhotoTags.AsNoTracking().Where(t => t.PhotoId == photoId).ToListAsync(cancellationToken);
        return Order(tags);
    }

    /// <summary>The tags of several photos (for search hits), by photo id; photos without tags are left out.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<PhotoTag>>> GetManyAsync(IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photoIds);
        var result = new Dictionary<long, IReadOnlyList<PhotoTag>>();
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in photoIds.Distinct().Chunk(500))
        {
            var tags = await db.PhotoTags.AsNoTracking().Where(t => chunk.Contains(t.PhotoId)).ToListAsync(cancellationToken);
            foreach (var group in tags.GroupBy(t => t.PhotoId))
            {
                result[group.Key] = Order([.. group]);
            }
        }

        return result;
    }

    /// <summary>Adds a tag a person set (confidence 1); adding one the photo already has as a user tag changes nothing.</summary>
    /// <returns>False when there is no such photo.</returns>
    /// <exception cref="ArgumentException">The label has no normal form (<see cref="TagLabels.Normalize"/>).</exception>
    public async Task<bool> AddUserTagAsync(long photoId, string label, CancellationToken cancellationToken = default)
    {
        var normal = TagLabels.Normalize(label);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        if (!await db.Photos.AnyAsync(p => p.Id == photoId, cancellationToken))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.PhotoTags.AnyAsync(t => t.PhotoId == photoId && t.Kind == PhotoTagKinds.User && t.Label == normal, cancellationToken))
        {
            db.PhotoTags.Add(new PhotoTag { PhotoId = photoId, Label = normal, Kind = PhotoTagKinds.User, Source = PhotoTagKinds.User, Confidence = 1f });
            await db.SaveChangesAsync(cancellationToken);
        }

        await RefreshAsync(db, [photoId], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Removes a label from the photo: its user tag, and the stages' tags of that label too (a person's "this is not a
    /// dog" wins until the stage runs again with another model or the file changes).
    /// </summary>
    /// <returns>The number of tags removed; null when there is no such photo.</returns>
    public async Task<int?> RemoveTagAsync(long photoId, string label, CancellationToken cancellationToken = default)
    {
        if (!TagLabels.TryNormalize(label, out var normal))
        {
            return 0;
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        if (!await db.Photos.AnyAsync(p => p.Id == photoId, cancellationToken))
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.PhotoTags.Where(t => t.PhotoId == photoId && t.Label == normal).ExecuteDeleteAsync(cancellationToken);
        await RefreshAsync(db, [photoId], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>Tags in display order: kind order of <see cref="PhotoTagKinds.All"/>, detections in order, strongest first.</summary>
    public static IReadOnlyList<PhotoTag> Order(IEnumerable<PhotoTag> tags) =>
        [.. tags.OrderBy(t => KindRank(t.Kind)).ThenBy(t => t.Detection ?? -1).ThenByDescending(t => t.Confidence).ThenBy(t => t.Label, StringComparer.Ordinal)];

    /// <summary>
    /// Rewrites the photos' <see cref="Photo.Tags"/> from their tag rows, writes their keyword documents, and marks
    /// their vectors pending so the index owner pushes the new payloads; on the caller's context and transaction.
    /// Photos whose label list comes out as it was are left alone: a re-run that finds the same labels costs no
    /// keyword rewrite and no payload push.
    /// </summary>
    internal static async Task RefreshAsync(CatalogDbContext db, IReadOnlyCollection<long> photoIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in photoIds.Distinct().Chunk(KeywordIndexer.ChunkSize))
        {
            // Only the columns Order and the list read: a page of a tagging run reads back some 1,500 tag rows.
            var rows = await db.PhotoTags.AsNoTracking().Where(t => chunk.Contains(t.PhotoId))
                .Select(t => new PhotoTag { PhotoId = t.PhotoId, Label = t.Label, Kind = t.Kind, Source = string.Empty, Detection = t.Detection, Confidence = t.Confidence })
                .ToListAsync(cancellationToken);
            var labels = rows.GroupBy(t => t.PhotoId)
                .ToDictionary(g => g.Key, g => Order(g).Select(t => t.Label).Distinct(StringComparer.Ordinal).ToList());

            // Read untracked and attach only the photos whose list changes: a zero-shot run changes about a third of
            // them, and tracking the rest cost a snapshot each and a pass over all of them at every save.
            var photos = await db.Photos.AsNoTrackingWithIdentityResolution().Include(p => p.Library).Where(p => chunk.Contains(p.Id)).ToListAsync(cancellationToken);
            var changed = new List<Photo>(photos.Count);
            foreach (var photo in photos)
            {
                var list = labels.TryGetValue(photo.Id, out var found) ? found : [];
                if (!list.SequenceEqual(photo.Tags, StringComparer.Ordinal))
                {
                    db.Attach(photo);
                    photo.Tags = list;
                    changed.Add(photo);
                }
            }

            if (changed.Count == 0)
            {
                continue;
            }

            var changedIds = changed.Select(p => p.Id).ToList();
            await db.SaveChangesAsync(cancellationToken);
            foreach (var group in changed.GroupBy(p => p.LibraryId))
            {
                await KeywordIndexer.WriteAsync(db, group, group.First().Library!, cancellationToken);
            }

            await db.Embeddings.Where(e => changedIds.Contains(e.PhotoId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.IndexedAt, (DateTime?)null), cancellationToken);
        }
    }

    private static int KindRank(string kind)
    {
        for (var i = 0; i < PhotoTagKinds.All.Count; i++)
        {
            if (PhotoTagKinds.All[i] == kind)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
