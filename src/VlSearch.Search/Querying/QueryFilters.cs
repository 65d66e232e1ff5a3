namespace VlSearch.Search.Querying;

/// <summary>
/// The filters of a query. Lists hold alternatives (any may match) for one key given several times, except
/// <see cref="Tags"/>, which the photo must all carry; different keys must all hold. Null means no condition.
/// </summary>
public sealed record QueryFilters
{
    /// <summary><c>camera:</c> camera names, case-insensitive.</summary>
    public IReadOnlyList<string>? Cameras { get; init; }

    /// <summary><c>lens:</c> lens names, case-insensitive, matched as words of the lens model.</summary>
    public IReadOnlyList<string>? Lenses { get; init; }

    /// <summary><c>type:</c> file types, lower case (jpeg, png...).</summary>
    public IReadOnlyList<string>? FileTypes { get; init; }

    /// <summary><c>folder:</c> an absolute folder, or a folder name matched anywhere in the path.</summary>
    public IReadOnlyList<string>? Folders { get; init; }

    /// <summary><c>library:</c> library names, exact.</summary>
    public IReadOnlyList<string>? Libraries { get; init; }

    /// <summary><c>tag:</c> tags the photo must all carry.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// Earliest capture instant, inclusive: the first instant of the <c>after:</c> period (<c>after:2023-07</c> keeps
    /// July 2023 and later) or of the <c>on:</c> period. Camera wall-clock digits marked UTC, as capture times are stored.
    /// </summary>
    public DateTime? TakenFrom { get; init; }

    /// <summary>
    /// Latest capture instant, inclusive, to the tick: one tick before the <c>before:</c> period starts
    /// (<c>before:2023</c> keeps 2022 and earlier, up to 2022-12-31 23:59:59.9999999), or the last tick of the
    /// <c>on:</c> period. Given together, <c>after:</c>, <c>before:</c> and <c>on:</c> intersect.
    /// </summary>
    public DateTime? TakenTo { get; init; }

    /// <summary><c>near:lat,lon[,km]</c>.</summary>
    public GeoRadius? Near { get; init; }

    /// <summary><c>orientation:</c>, as the photo is displayed (after its EXIF rotation).</summary>
    public PhotoOrientation? Orientation { get; init; }

    /// <summary>True when no filter is set.</summary>
    public bool IsEmpty =>
        Cameras is null && Lenses is null && FileTypes is null && Folders is null && Libraries is null && Tags is null &&
        TakenFrom is null && TakenTo is null && Near is null && Orientation is null;
}
