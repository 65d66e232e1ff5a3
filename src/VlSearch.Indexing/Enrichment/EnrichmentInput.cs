namespace VlSearch.Indexing.Enrichment;

/// <summary>What an <see cref="IEnrichmentStage"/> reads of each photo.</summary>
public enum EnrichmentInput
{
    /// <summary>The decoded photo (orientation applied), as the embedding path decodes it.</summary>
    Pixels,

    /// <summary>The photo's stored image embedding of <see cref="IEnrichmentStage.EmbeddingModel"/>: no decode at all.</summary>
    Embedding,
}
