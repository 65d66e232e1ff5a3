namespace VlSearch.Web.Api;

/// <summary>What the catalog knows about one photo.</summary>
public sealed record PhotoDetails(
    long Id,
    string Path,
    string? Library,
    int Width,
    int Height,
    string? FileType,
    long Size,
    DateTime ModifiedAt,
    DateTime? TakenAt,
    string? CameraMake,
    string? CameraModel,
    double? Latitude,
    double? Longitude,
    int Orientation,
    IReadOnlyList<string> Tags,
    string ThumbnailUrl,
    string OriginalUrl)
{
    /// <summary>EXIF lens make and model.</summary>
    public string? Lens { get; init; }

    /// <summary>Keywords embedded in the file (XMP, IPTC).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Description embedded in the file.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The photo's tags with kind, confidence, source and box (<see cref="Tags"/> lists their labels only, as
    /// the <c>tag:</c> filter matches them).
    /// </summary>
    public IReadOnlyList<PhotoTagInfo> TagDetails { get; init; } = [];
}
