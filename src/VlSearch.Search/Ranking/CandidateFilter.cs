using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary>
/// A query's filters split by who applies them: the vector index filters on its payload (<see cref="IndexFilter"/>:
/// libraries, cameras, file types, tags, dates, one absolute folder); the rest (lens, GPS radius, orientation, folder
/// names, several folders) is checked on catalog rows of the candidates. Keyword hits, which come from the catalog, are
/// checked against both.
/// </summary>
internal sealed class CandidateFilter
{
    private const double EarthRadiusKm = 6371.0088;

    private CandidateFilter(PhotoFilter? indexFilter, QueryFilters query, IReadOnlyList<string>? folders)
    {
        IndexFilter = indexFilter;
        Near = query.Near;
        Orientation = query.Orientation;
        Lenses = query.Lenses;
        Folders = folders;
    }

    /// <summary>What the vector index filters itself; null for nothing.</summary>
    public PhotoFilter? IndexFilter { get; }

    /// <summary>Whether vector hits need a catalog check.</summary>
    public bool HasPostConditions => Near is not null || Orientation is not null || Folders is not null || Lenses is not null;

    /// <summary>Whether any condition is set at all.</summary>
    public bool IsEmpty => IndexFilter is null && !HasPostConditions;

    private GeoRadius? Near { get; }

    private PhotoOrientation? Orientation { get; }

    private IReadOnlyList<string>? Lenses { get; }

    private IReadOnlyList<string>? Folders { get; }

    /// <summary>The query's filters combined with the host's (both must hold).</summary>
    public static CandidateFilter Create(ParsedQuery parsed, PhotoFilter? host)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var query = parsed.Filters;
        host ??= new PhotoFilter();
        var folders = query.Folders?.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()).ToList();
        string? prefix = host.PathPrefix;
        if (prefix is null && folders is [var only] && Path.IsPathFullyQualified(only))
        {
            // One absolute folder is a prefix the index filters; several are alternatives it cannot express.
            prefix = PhotoFilterRules.FolderPrefix(only);
            folders = null;
        }

        var filter = new PhotoFilter
        {
            Libraries = Both(host.Libraries, query.Libraries, StringComparer.Ordinal),
            Cameras = Both(host.Cameras, query.Cameras, StringComparer.OrdinalIgnoreCase),
            FileTypes = Both(host.FileTypes, query.FileTypes?.Select(NormalizeType).ToList(), StringComparer.OrdinalIgnoreCase),
            // Stored labels are lower case with single spaces (enrichment and user tags alike): "tag:Dog" finds "dog".
            Tags = host.Tags is null && query.Tags is null ? null : [.. (host.Tags ?? []).Concat(query.Tags ?? []).Select(NormalizeTag).Distinct(StringComparer.Ordinal)],
            TakenFrom = Later(host.TakenFrom, query.TakenFrom),
            TakenTo = Earlier(host.TakenTo, query.TakenTo),
            PathPrefix = prefix,
        };
        return new CandidateFilter(filter.IsEmpty ? null : filter, query, folders is { Count: > 0 } ? folders : null);
    }

    /// <summary>Whether a catalogued photo passes the conditions (the index's too when <paramref name="withIndexFilter"/>).</summary>
    public bool Matches(Photo photo, bool withIndexFilter)
    {
        ArgumentNullException.ThrowIfNull(photo);
        if (withIndexFilter && IndexFilter is not null && !IndexFilter.Matches(PhotoPayloads.From(photo, photo.Library?.Name)))
        {
            return false;
        }

        if (Orientation is { } orientation && !HasOrientation(photo, orientation))
        {
            return false;
        }

        if (Near is { } near && (photo.Latitude is not { } lat || photo.Longitude is not { } lon || DistanceKm(near.Latitude, near.Longitude, lat, lon) > near.Kilometres))
        {
            return false;
        }

        if (Lenses is not null && !LensFilter.Matches(photo, Lenses))
        {
            return false;
        }

        return Folders is null || Folders.Any(f => InFolder(photo.Path, f));
    }

    /// <summary>Great-circle distance (haversine) in kilometres.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>The photo's shape as displayed: EXIF orientations 5 to 8 turn it a quarter, swapping width and height.</summary>
    public static bool HasOrientation(Photo photo, PhotoOrientation orientation)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var (width, height) = photo.Orientation is >= 5 and <= 8 ? (photo.Height, photo.Width) : (photo.Width, photo.Height);
        if (width <= 0 || height <= 0)
        {
            return false;
        }

        var square = Math.Abs(width - height) <= 0.02 * Math.Max(width, height);
        return orientation switch
        {
            PhotoOrientation.Square => square,
            PhotoOrientation.Portrait => !square && height > width,
            PhotoOrientation.Landscape => !square && width > height,
            _ => false,
        };
    }

    private static bool InFolder(string path, string folder)
    {
        if (Path.IsPathFullyQualified(folder))
        {
            return PhotoFilterRules.IsInFolder(path, folder);
        }

        // A folder name matches any folder of the path whole, case-insensitively ("paris" finds /x/Paris/a.jpg).
        var name = folder.Trim('/', '\\');
        var directory = Path.GetDirectoryName(path) ?? "";
        return directory.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Any(d => d.Equals(name, StringComparison.OrdinalIgnoreCase))
            || (name.Contains('/', StringComparison.Ordinal) && directory.Contains(name, StringComparison.OrdinalIgnoreCase));
    }

    private static string NormalizeType(string type)
    {
        var lower = type.Trim().ToLowerInvariant();
        return lower is "jpg" ? "jpeg" : lower is "tif" ? "tiff" : lower;
    }

    private static List<string>? Both(IReadOnlyList<string>? host, IReadOnlyList<string>? query, StringComparer comparer) =>
        (host, query) switch
        {
            (null, null) => null,
            (null, _) => [.. query!],
            (_, null) => [.. host],

            // Both must hold: only values in both lists can match (an empty list matches nothing).
            _ => [.. host.Where(h => query.Contains(h, comparer))],
        };

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTime? Earlier(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static string NormalizeTag(string tag) =>
        string.Join(' ', tag.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
