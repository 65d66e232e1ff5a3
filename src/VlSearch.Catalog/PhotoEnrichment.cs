namespace VlSearch.Catalog;

/// <summary>
/// Marks that an enrichment stage finished a photo (even when it found nothing), for the file content it saw: a run
/// of the "missing" kind skips marked photos, so a killed run resumes where it stopped without doing a photo twice.
/// The database deletes the marks with their photo.
/// </summary>
public sealed class PhotoEnrichment
{
    public long PhotoId { get; set; }

    /// <summary>Name of the stage (<see cref="EnrichmentStage.Name"/>).</summary>
    public required string Stage { get; set; }

    /// <summary>Content hash of the photo's file when the stage ran; a rewritten file is enriched again.</summary>
    public required string ContentHash { get; set; }

    /// <summary>UTC; when the stage finished the photo.</summary>
    public DateTime UpdatedAt { get; set; }
}
