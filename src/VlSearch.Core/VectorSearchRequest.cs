namespace VlSearch.Core;

/// <summary>A nearest-neighbour query.</summary>
public sealed record VectorSearchRequest(float[] Vector, int K)
{
    public PhotoFilter? Filter { get; init; }

    /// <summary>Hits scoring below this cosine similarity are dropped.</summary>
    public float? ScoreThreshold { get; init; }

    /// <summary>Hits to skip before the first returned one (for paging).</summary>
    public int Offset { get; init; }
}
