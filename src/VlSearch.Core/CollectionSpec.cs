namespace VlSearch.Core;

/// <summary>One vector space: a model's vectors, its dimension and metric.</summary>
public sealed record CollectionSpec(string ModelId, int Dimension, DistanceMetric Metric = DistanceMetric.Cosine)
{
    /// <summary>A name safe for file names and remote collection names, derived from the model id.</summary>
    public string Name => CollectionNames.ForModel(ModelId);
}
