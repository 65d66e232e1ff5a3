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
    string OriginalUrl);
