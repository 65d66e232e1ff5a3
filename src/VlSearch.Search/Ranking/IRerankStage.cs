using VlSearch.Core;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary>
/// The rerank stage: rescores the fused top of a search with a costlier model (a cross-encoder, a captioner). None is
/// installed by default; registering one in the host makes <see cref="SearchStages.Rerank"/> available.
/// </summary>
public interface IRerankStage
{
    /// <summary>
    /// Rescores <paramref name="hits"/> (the fused top, best first) for <paramref name="query"/>: one score per hit it
    /// rescored, each a probability in [0, 1] that the photo matches. Hits left out keep their fused order after the
    /// rescored ones.
    /// </summary>
    Task<IReadOnlyList<RerankScore>> RerankAsync(ParsedQuery query, IEmbeddingModel model, IReadOnlyList<RankedHit> hits, CancellationToken cancellationToken = default);
}
