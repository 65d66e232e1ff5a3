using VlSearch.Search.Ranking;

namespace VlSearch.Web.Api;

/// <summary>
/// One search hit as the API returns it. <see cref="Score"/> is the final score that ordered the list (higher is
/// better): the cosine similarity for vector-only and image search, the fused score for hybrid search, and once
/// reranked the fused score + weight × the reranker's match probability.
/// </summary>
public sealed record SearchItem(
    long Id,
    string Path,
    float Score,
    string ThumbnailUrl,
    string OriginalUrl,
    DateTime? TakenAt,
    string? Camera,
    string? FileType,
    string? Library)
{
    /// <summary>With <c>includeTags=true</c>: the photo's tags.</summary>
    public IReadOnlyList<PhotoTagInfo>? Tags { get; init; }

    /// <summary>The vector retriever's cosine, when it listed the photo.</summary>
    public double? VectorScore { get; init; }

    /// <summary>The keyword retriever's score, when it listed the photo (its scale is the catalog engine's).</summary>
    public double? KeywordScore { get; init; }

    /// <summary>
    /// The tag retriever's score, when it listed the photo: a hybrid search ranks matches in the photos' tags as a list
    /// of their own (the keyword engine's scale).
    /// </summary>
    public double? TagScore { get; init; }

    /// <summary>The retrievers' fused score, when the search was reranked or explained.</summary>
    public double? FusedScore { get; init; }

    /// <summary>The reranker's match probability (0 to 1), when it scored the photo.</summary>
    public double? RerankScore { get; init; }

    /// <summary>With <c>explain=true</c>: the hit's rank and score in every stage (vector, keyword, tags, fused, rerank, cut).</summary>
    public IReadOnlyList<StageScore>? Stages { get; init; }
}
