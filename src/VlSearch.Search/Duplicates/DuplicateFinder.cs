using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Search.Duplicates;

/// <summary>
/// Near-duplicate groups among the catalogued photos embedded by one model: the catalog's vectors are looked up in
/// that model's collection of the vector index (see <see cref="DuplicateGrouper"/>). Read-only: nothing is deleted.
/// </summary>
public sealed class DuplicateFinder(IVectorIndex index, IDbContextFactory<CatalogDbContext> catalog)
{
    private const int PageSize = 2000;

    /// <summary>Groups the photos of <paramref name="modelId"/> whose vectors score at least <paramref name="threshold"/>.</summary>
    /// <exception cref="ArgumentException">The model has no vectors, or the threshold or neighbours are out of range.</exception>
    public async Task<IReadOnlyList<DuplicateGroup>> FindAsync(
        string modelId,
        float threshold,
        int neighbours = 10,
        IProgress<DuplicateProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!float.IsFinite(threshold) || threshold is < 0.5f or > 1f)
        {
            throw new ArgumentException($"The threshold must be a similarity from 0.5 to 1; {threshold} is not.", nameof(threshold));
        }

        if (neighbours is < 2 or > 100)
        {
            throw new ArgumentException($"Neighbours must be from 2 to 100; {neighbours} is not.", nameof(neighbours));
        }

        int total;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            total = await db.Embeddings.CountAsync(e => e.ModelId == modelId, cancellationToken);

            // A model whose vectors changed length (the built-in ResNet18 gained its layout half) leaves older
            // vectors that cannot be compared with newer ones.
            var lengths = await db.Embeddings.Where(e => e.ModelId == modelId).Select(e => e.Dimension).Distinct().Take(2).ToListAsync(cancellationToken);
            if (lengths.Count > 1)
            {
                throw new ArgumentException(
                    $"The vectors of the model '{modelId}' have different lengths ({lengths[0]} and {lengths[1]}): it changed since some photos were indexed. Embed them again: vlsearch reindex --all --model {modelId}.",
                    nameof(modelId));
            }
        }

        var collection = CollectionNames.ForModel(modelId);
        if (total == 0 || await index.CountAsync(collection, cancellationToken) == 0)
        {
            throw new ArgumentException($"No photo has a vector of the model '{modelId}': index them with it first (vlsearch index --model {modelId}).", nameof(modelId));
        }

        var scan = await new DuplicateGrouper(index).ScanAsync(collection, ReadAsync(modelId, cancellationToken), total, threshold, neighbours, progress, cancellationToken);
        return DuplicateGrouper.Group(scan, threshold);
    }

    /// <summary>The model's vectors with their photos, a page at a time by photo id, so memory stays flat.</summary>
    private async IAsyncEnumerable<DuplicateCandidate> ReadAsync(string modelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = long.MinValue;
        while (true)
        {
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            var page = await db.Embeddings.AsNoTracking()
                .Where(e => e.ModelId == modelId && e.PhotoId > after)
                .OrderBy(e => e.PhotoId)
                .Take(PageSize)
                .Select(e => new { e.PhotoId, e.Vector, e.Dimension, e.Photo!.Path, e.Photo.Width, e.Photo.Height, e.Photo.TakenAt, e.Photo.ModifiedAt })
                .ToListAsync(cancellationToken);
            foreach (var row in page)
            {
                yield return new DuplicateCandidate(
                    new DuplicatePhoto(row.PhotoId, row.Path, row.Width, row.Height, row.TakenAt, row.ModifiedAt),
                    EmbeddingCodec.Decode(row.Vector, row.Dimension));
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].PhotoId;
        }
    }
}
