namespace VlSearch.Catalog;

/// <summary>One image file of a library and what was learned about it.</summary>
public sealed class Photo
{
    public long Id { get; set; }

    public int LibraryId { get; set; }

    public Library? Library { get; set; }

    /// <summary>Absolute path; unique across the catalog.</summary>
    public required string Path { get; set; }

    /// <summary>File size in bytes when last scanned.</summary>
    public long Size { get; set; }

    /// <summary>Last write time of the file (UTC, whole microseconds once stored: see <see cref="CatalogTime"/>).</summary>
    public DateTime ModifiedAt { get; set; }

    /// <summary>Lower-case hex content hash of the file (XXH128); indexed so a moved file is found by its content.</summary>
    public required string ContentHash { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>Lower-case format name (jpeg, png...).</summary>
    public string? Format { get; set; }

    /// <summary>
    /// EXIF capture time. Cameras record wall-clock time without a zone: the digits are stored unchanged and read
    /// back with <see cref="DateTimeKind.Utc"/>.
    /// </summary>
    public DateTime? TakenAt { get; set; }

    public string? CameraMake { get; set; }

    public string? CameraModel { get; set; }

    /// <summary>EXIF lens make and model.</summary>
    public string? Lens { get; set; }

    /// <summary>Keywords embedded in the file (XMP dc:subject, IPTC Keywords).</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>Description embedded in the file (XMP dc:description, IPTC caption, EXIF ImageDescription).</summary>
    public string? Description { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>EXIF orientation (1–8).</summary>
    public int Orientation { get; set; } = 1;

    /// <summary>
    /// Why the indexed pixels may be incomplete (a truncated file the decoder completed with filler); null when the
    /// file decoded whole. Refreshed whenever the file is decoded again.
    /// </summary>
    public string? DecodeWarning { get; set; }

    /// <summary>Tags from enrichment stages.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Caption from an enrichment stage, or written by a person.</summary>
    public string? Caption { get; set; }

    /// <summary>
    /// Identifier of the model that wrote <see cref="Caption"/>, or <see cref="PhotoTagKinds.User"/> when a person
    /// wrote or edited it; null when there is no caption.
    /// </summary>
    public string? CaptionModel { get; set; }

    /// <summary>UTC; filled on insert when left at its default.</summary>
    public DateTime AddedAt { get; set; }

    /// <summary>UTC; refreshed on every save that changes the row.</summary>
    public DateTime UpdatedAt { get; set; }

    public List<PhotoEmbedding> Embeddings { get; set; } = [];
}
