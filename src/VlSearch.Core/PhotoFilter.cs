namespace VlSearch.Core;

/// <summary>
/// Conditions on the payload. Every non-null condition must hold; list conditions match when the payload value is
/// one of the listed values (tags: when the photo has all listed tags).
/// </summary>
public sealed record PhotoFilter
{
    public IReadOnlyList<string>? Libraries { get; init; }

    public DateTime? TakenFrom { get; init; }

    public DateTime? TakenTo { get; init; }

    public IReadOnlyList<string>? Cameras { get; init; }

    public IReadOnlyList<string>? FileTypes { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Keeps photos whose path starts with this folder (a path prefix ending at a separator).</summary>
    public string? PathPrefix { get; init; }

    /// <summary>True when no condition is set.</summary>
    public bool IsEmpty =>
        Libraries is null && TakenFrom is null && TakenTo is null && Cameras is null && FileTypes is null &&
        Tags is null && PathPrefix is null;

    /// <summary>Evaluates the filter in process, for indexes that filter themselves.</summary>
    public bool Matches(PhotoPayload payload)
    {
        if (Libraries is not null && (payload.Library is null || !Libraries.Contains(payload.Library)))
        {
            return false;
        }

        if (TakenFrom is not null && (payload.TakenAt is null || payload.TakenAt < TakenFrom))
        {
            return false;
        }

        if (TakenTo is not null && (payload.TakenAt is null || payload.TakenAt > TakenTo))
        {
            return false;
        }

        if (Cameras is not null && (payload.Camera is null || !Cameras.Contains(payload.Camera)))
        {
            return false;
        }

        if (FileTypes is not null && (payload.FileType is null || !FileTypes.Contains(payload.FileType)))
        {
            return false;
        }

        if (Tags is not null && !Tags.All(t => payload.Tags.Contains(t)))
        {
            return false;
        }

        return PathPrefix is null || payload.Path.StartsWith(PathPrefix, StringComparison.Ordinal);
    }
}
