namespace VlSearch.Indexing.Enrichment;

/// <summary>Which photos a run of <see cref="EnrichmentRunner"/> handles.</summary>
public enum EnrichmentRefresh
{
    /// <summary>Photos without the stage's mark for their current content (new, rewritten, or never done).</summary>
    Missing,

    /// <summary>Every photo, replacing the stage's tags.</summary>
    All,
}
