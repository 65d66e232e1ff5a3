using VlSearch.Core;
using VlSearch.Search;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Text, image and "more like this" searches for the pages and the API, in pages of <c>k</c> hits.</summary>
public sealed class WebSearch(PhotoSearch search, PhotoVectors vectors, ActiveModel model, UploadSearch uploads, ISearchPipeline pipeline)
{
    /// <summary>A query in the query language through the ranking pipeline.</summary>
    /// <exception cref="QuerySyntaxException">The text does not parse.</exception>
    public async Task<SearchPage> TextAsync(string query, int k, int offset, PhotoFilter? filter, RankingChoice? ranking, CancellationToken cancellationToken)
    {
        var parsed = QueryParser.Parse(query);
        ranking ??= new RankingChoice();
        var results = await pipeline.SearchAsync(
            new SearchRequest
            {
                Query = parsed,
                Model = model.Get(),
                K = k,
                Offset = offset,
                Stages = ranking.Stages,
                Fusion = ranking.Fusion,
                VectorWeight = ranking.VectorWeight,
                KeywordWeight = ranking.KeywordWeight,
                Cutoff = ranking.Cutoff,
                Rerank = ranking.Rerank,
                RerankTop = ranking.RerankTop,
                Explain = ranking.Explain,
                Filter = filter,

                // A server never reads a path a request names: like: takes catalogued photos only.
                AllowImageFiles = false,
            },
            cancellationToken);
        var next = results.Hits.Count == k && offset + k <= SearchCursor.MaxOffset ? offset + k : (int?)null;
        return new SearchPage([.. results.Hits.Select(h => ToItem(h, ranking.Explain))], next)
        {
            HiddenByCutoff = results.HiddenByCutoff,
            Timings = ranking.Explain ? results.Timings : null,
            Rerank = results.Rerank,
        };
    }

    public static SearchItem ToItem(RankedHit hit, bool explain) => new(
        hit.Id,
        hit.Path,
        (float)hit.Score,
        PhotoUrls.Thumbnail(hit.Id),
        PhotoUrls.Original(hit.Id),
        hit.Payload?.TakenAt,
        hit.Payload?.Camera,
        hit.Payload?.FileType,
        hit.Payload?.Library)
    {
        VectorScore = hit.Stages.FirstOrDefault(s => s.Stage == "vector")?.Score,
        KeywordScore = hit.Stages.FirstOrDefault(s => s.Stage == "keyword")?.Score,
        TagScore = hit.Stages.FirstOrDefault(s => s.Stage == "tags")?.Score,
        FusedScore = hit.Stages.FirstOrDefault(s => s.Stage == "fused")?.Score,
        RerankScore = hit.Stages.FirstOrDefault(s => s.Stage == "rerank")?.Score,
        Stages = explain ? hit.Stages : null,
    };

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
