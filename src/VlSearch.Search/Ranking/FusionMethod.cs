namespace VlSearch.Search.Ranking;

/// <summary>How the retrievers' ranked lists become one.</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal rank fusion: each list adds weight / (k + rank), k = 60.</summary>
    ReciprocalRank,

    /// <summary>Relative-score fusion: each list's scores scaled to [0, 1] by its own min and max, then summed with weights.</summary>
    RelativeScore,
}
