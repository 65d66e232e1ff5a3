namespace VlSearch.Web.Api;

/// <summary>One search hit as the API returns it. <see cref="Score"/> is the cosine similarity (higher is better).</summary>
public sealed record SearchItem(
    long Id,
    string Path,
    float Score,
    string ThumbnailUrl,
    string OriginalUrl,
    DateTime? TakenAt,
    string? Camera,
    string? FileType,
    string? Library);
