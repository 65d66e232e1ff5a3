namespace VlSearch.Catalog;

/// <summary>
/// Which model an enrichment stage (zero-shot tags, object tags, captions…) last ran with: when the fingerprint of
/// its model changes, the stage's results are made again for every photo.
/// </summary>
public sealed class EnrichmentStage
{
    /// <summary>Name of the stage (its job kind without the missing/all suffix).</summary>
    public required string Name { get; set; }

    /// <summary>Identifier of the model the stage ran with.</summary>
    public required string Model { get; set; }

    /// <summary>Fingerprint of the model files (and of any settings that change the results, such as a label list).</summary>
    public required string Fingerprint { get; set; }

    /// <summary>UTC; when the fingerprint was recorded.</summary>
    public DateTime UpdatedAt { get; set; }
}
