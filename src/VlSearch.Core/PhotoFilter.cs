namespace VlSearch.Core;

/// <summary>
/// Conditions on the payload; every index (embedded or server) applies exactly these semantics, which the
/// conformance suite checks on each. Every non-null condition must hold. A condition on a field the payload leaves
/// null never holds (a photo without a camera matches no camera filter). List conditions match when the payload
/// value is one of the listed values; <see cref="Tags"/> matches when the photo has all listed tags. An empty
/// <see cref="PathPrefix"/> or <see cref="Tags"/> list puts no restriction.
/// </summary>
public sealed record PhotoFilter
{
    /// <summary>Library names, compared exactly (ordinal, case-sensitive): they are identifiers.</summary>
    public IReadOnlyList<string>? Libraries { get; init; }

    /// <summary>
    /// Earliest capture instant, inclusive. Instants are compared as wall-clock values at millisecond precision
    /// (see <see cref="PhotoFilterRules.ToMilliseconds"/>) in the same convention as
    /// <see cref="PhotoPayload.TakenAt"/>. The caller passes exact instants: a date without a time means midnight at
    /// the start of that day.
    /// </summary>
    public DateTime? TakenFrom { get; init; }

    /// <summary>
    /// Latest capture instant, inclusive (a photo taken at exactly this millisecond matches). A date without a time
    /// means midnight at its start, so to include a whole day pass its last millisecond (23:59:59.999).
    /// </summary>
    public DateTime? TakenTo { get; init; }

    /// <summary>Camera models, compared case-insensitively (<see cref="PhotoFilterRules.FoldCase"/>): "pixel 8" finds "Pixel 8".</summary>
    public IReadOnlyList<string>? Cameras { get; init; }

    /// <summary>File types, compared case-insensitively (<see cref="PhotoFilterRules.FoldCase"/>): "JPEG" finds "jpeg".</summary>
    public IReadOnlyList<string>? FileTypes { get; init; }

    /// <summary>Tags the photo must all carry, compared exactly (ordinal, case-sensitive).</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// Keeps photos inside this folder or any folder below it. The prefix names a whole folder whether or not it ends
    /// at a separator: "/photos/2021" and "/photos/2021/" both match "/photos/2021/a.jpg" and "/photos/2021/x/b.jpg"
    /// but not "/photos/2021-old/c.jpg" (see <see cref="PhotoFilterRules.FolderPrefix"/>). Compared ordinally,
    /// case-sensitive, as paths on Linux are.
    /// </summary>
    public string? PathPrefix { get; init; }

    /// <summary>True when no condition is set.</summary>
    public bool IsEmpty =>
        Libraries is null && TakenFrom is null && TakenTo is null && Cameras is null && FileTypes is null &&
        Tags is null && PathPrefix is null;

    /// <summary>Evaluates the filter in process, for indexes that filter themselves.</summary>
    public bool Matches(PhotoPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (Libraries is not null && (payload.Library is null || !Libraries.Contains(payload.Library, StringComparer.Ordinal)))
        {
            return false;
        }

        if (TakenFrom is { } from &&
            (payload.TakenAt is not { } fromTaken || PhotoFilterRules.ToMilliseconds(fromTaken) < PhotoFilterRules.ToMilliseconds(from)))
        {
            return false;
        }

        if (TakenTo is { } to &&
            (payload.TakenAt is not { } toTaken || PhotoFilterRules.ToMilliseconds(toTaken) > PhotoFilterRules.ToMilliseconds(to)))
        {
            return false;
        }

        if (Cameras is not null && (payload.Camera is null || !ContainsFolded(Cameras, payload.Camera)))
        {
            return false;
        }

        if (FileTypes is not null && (payload.FileType is null || !ContainsFolded(FileTypes, payload.FileType)))
        {
            return false;
        }

        if (Tags is not null && !Tags.All(t => payload.Tags.Contains(t, StringComparer.Ordinal)))
        {
            return false;
        }

        return PathPrefix is null || PhotoFilterRules.IsInFolder(payload.Path, PathPrefix);
    }

    private static bool ContainsFolded(IReadOnlyList<string> values, string value)
    {
        // OrdinalIgnoreCase compares invariant upper-case forms: the same rule as PhotoFilterRules.FoldCase.
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
