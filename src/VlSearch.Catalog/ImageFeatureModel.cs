namespace VlSearch.Catalog;

/// <summary>
/// Which version of a matcher made the stored features of <see cref="Model"/>: when the model files change under the
/// same identifier, the fingerprint differs and the features are extracted again.
/// </summary>
public sealed class ImageFeatureModel
{
    /// <summary>Identifier of the matcher (<see cref="ImageFeature.Model"/>).</summary>
    public required string Model { get; set; }

    /// <summary>Fingerprint of the model files (or of the matcher's shape) the stored features were made with.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>UTC; when the fingerprint was recorded.</summary>
    public DateTime UpdatedAt { get; set; }
}
