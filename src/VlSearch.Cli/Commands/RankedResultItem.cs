using VlSearch.Search.Ranking;

namespace VlSearch.Cli.Commands;

/// <summary>
/// One line of <c>search --json</c>: best first. <see cref="Score"/> is the final score (a cosine for vector-only
/// search, a fused score for hybrid, fused + weight × match probability once reranked); each retriever's own score
/// and the rerank stage's match probability are beside it, null where that stage did not score the photo.
/// </summary>
public sealed record RankedResultItem(
    string Path,
    double Score,
    long Id,
    int Rank,
    double? VectorScore,
    double? KeywordScore,
    string? Library,
    DateTime? TakenAt,
    string? Camera,
    string? FileType,
    IReadOnlyList<StageScore>? Stages)
{
    /// <summary>
    /// The tag retriever's score (the keyword engine's scale, over tag labels only): in a hybrid search tag matches rank
    /// as a list of their own; null where it did not list the photo.
    /// </summary>
    public double? TagScore { get; init; }

    /// <summary>The reranker's match probability, 0 to 1; null when the photo was not reranked.</summary>
    public double? RerankScore { get; init; }

    public static RankedResultItem From(RankedHit hit, int rank, bool explain) => new(
        hit.Path,
        hit.Score,
        hit.Id,
        rank,
        hit.Stages.FirstOrDefault(s => s.Stage == "vector")?.Score,
        hit.Stages.FirstOrDefault(s => s.Stage == "keyword")?.Score,
        hit.Payload?.Library,
        hit.Payload?.TakenAt,
        hit.Payload?.Camera,
        hit.Payload?.FileType,
        explain ? hit.Stages : null)
    {
        TagScore = hit.Stages.FirstOrDefault(s => s.Stage == "tags")?.Score,
        RerankScore = hit.Stages.FirstOrDefault(s => s.Stage == "rerank")?.Score,
    };
}
