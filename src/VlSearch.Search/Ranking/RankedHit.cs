using VlSearch.Core;

namespace VlSearch.Search.Ranking;

/// <summary>One hit of the ranking pipeline.</summary>
/// <param name="Id">Catalog id of the photo.</param>
/// <param name="Path">Absolute path of its file.</param>
/// <param name="Score">The final score that ordered the list (higher is better).</param>
/// <param name="Payload">The photo's payload, when the vector index returned it.</param>
public sealed record RankedHit(long Id, string Path, double Score, PhotoPayload? Payload)
{
    /// <summary>Each stage's rank and score for this hit (always filled for retrievers; all stages with explain).</summary>
    public IReadOnlyList<StageScore> Stages { get; init; } = [];
}
