namespace VlSearch.Core;

/// <summary>Similarity used by a collection. Scores are always "higher is closer".</summary>
public enum DistanceMetric
{
    Cosine,
    InnerProduct,
}
