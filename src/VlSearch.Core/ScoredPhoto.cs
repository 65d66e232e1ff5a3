namespace VlSearch.Core;

/// <summary>
/// A search hit. <see cref="Score"/> is the cosine similarity of the query and the stored vector (higher is
/// better); rerankers may replace it and keep the first-stage score in <see cref="VectorScore"/>.
/// </summary>
public sealed record ScoredPhoto(long Id, float Score, PhotoPayload Payload)
{
    /// <summary>The similarity the vector index returned, before any reranking.</summary>
    public float VectorScore { get; init; } = Score;
}
