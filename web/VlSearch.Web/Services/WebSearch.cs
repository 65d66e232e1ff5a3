using VlSearch.Core;
using VlSearch.Search;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Text, image and "more like this" searches for the pages and the API, in pages of <c>k</c> hits.</summary>
public sealed class WebSearch(PhotoSearch search, PhotoVectors vectors, ActiveModel model, UploadSearch uploads)
{
    public async Task<SearchPage> TextAsync(string query, int k, int offset, PhotoFilter? filter, CancellationToken cancellationToken)
    {
        var embedding = model.Get();
        var hits = await search.SearchTextAsync(embedding, query, k, filter, offset, cancellationToken);
        return ToPage(hits, k, offset);
    }

    /// <summary>Searches with an uploaded image, decoded under the upload limits (see <see cref="UploadSearch"/>).</summary>
    public async Task<SearchPage> ImageAsync(string imagePath, int k, int offset, PhotoFilter? filter, CancellationToken cancellationToken)
    {
        var embedding = model.Get();
        var vector = await uploads.EmbedAsync(embedding, imagePath, cancellationToken);
        var hits = await search.SearchVectorAsync(embedding, vector, k, filter, offset, cancellationToken);
        return ToPage(hits, k, offset);
    }

    /// <summary>Embeds an uploaded image with the active model, under the upload limits (for uploads searched page by page).</summary>
    public Task<float[]> EmbedAsync(string imagePath, CancellationToken cancellationToken) => uploads.EmbedAsync(model.Get(), imagePath, cancellationToken);

    /// <summary>Searches with a vector of the active model's space.</summary>
    public async Task<SearchPage> VectorAsync(float[] vector, int k, int offset, PhotoFilter? filter, CancellationToken cancellationToken)
    {
        var hits = await search.SearchVectorAsync(model.Get(), vector, k, filter, offset, cancellationToken);
        return ToPage(hits, k, offset);
    }

    /// <summary>Photos that look like a catalogued one (itself excluded); null when the photo has no vector.</summary>
    public async Task<SearchPage?> SimilarAsync(long photoId, int k, int offset, PhotoFilter? filter, CancellationToken cancellationToken)
    {
        var embedding = model.Get();
        var vector = await vectors.FindAsync(embedding, photoId, cancellationToken);
        if (vector is null)
        {
            return null;
        }

        // One extra hit because the photo itself is normally the best match.
        var hits = await search.SearchVectorAsync(embedding, vector, Math.Min(k + 1, PhotoSearch.MaxResults), filter, offset, cancellationToken);
        var others = hits.Where(h => h.Id != photoId).Take(k).ToList();
        return new SearchPage([.. others.Select(ToItem)], hits.Count > k ? offset + k + 1 : null);
    }

    public static SearchItem ToItem(ScoredPhoto hit) => new(
        hit.Id,
        hit.Payload.Path,
        hit.Score,
        PhotoUrls.Thumbnail(hit.Id),
        PhotoUrls.Original(hit.Id),
        hit.Payload.TakenAt,
        hit.Payload.Camera,
        hit.Payload.FileType,
        hit.Payload.Library);

    private static SearchPage ToPage(IReadOnlyList<ScoredPhoto> hits, int k, int offset)
    {
        var next = hits.Count == k && offset + k <= SearchCursor.MaxOffset ? offset + k : (int?)null;
        return new SearchPage([.. hits.Select(ToItem)], next);
    }
}
