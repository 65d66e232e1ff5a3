namespace VlSearch.Catalog;

/// <summary>
/// The image features of one photo for one image–text matcher, at half precision. Keyed by
/// (<see cref="PhotoId"/>, <see cref="Model"/>); the row stays with its photo when the file moves (same photo row) and
/// the database deletes it with the photo.
/// </summary>
/// <remarks>
/// <see cref="Data"/> is declared last so that it is the last column: SQLite then reads the other columns of a row
/// from its first page, without walking the overflow pages of features that are hundreds of kilobytes.
/// </remarks>
public sealed class ImageFeature
{
    public long PhotoId { get; set; }

    /// <summary>Identifier of the matcher whose vision graph produced the features.</summary>
    public required string Model { get; set; }

    /// <summary>
    /// Content hash of the photo's file when the features were extracted; features of other content (the file was
    /// rewritten in place) are stale: they are neither read nor counted, and the next run replaces them.
    /// </summary>
    public required string ContentHash { get; set; }

    /// <summary>Number of values in <see cref="Data"/>.</summary>
    public int Length { get; set; }

    /// <summary>UTC; when the features were last written.</summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>IEEE half-precision values, little-endian, 2 bytes each (see <see cref="ImageFeatureCodec"/>).</summary>
    public required byte[] Data { get; set; }
}
