namespace VlSearch.Core;

/// <summary>
/// The comparison rules behind <see cref="PhotoFilter"/>, in one place so that every index applies them the same way:
/// the embedded index evaluates them in process (<see cref="PhotoFilter.Matches"/>), a server-backed index stores
/// payload values already passed through them and translates filter values with them.
/// </summary>
public static class PhotoFilterRules
{
    /// <summary>
    /// The case-folded form of a camera or file type: compared ordinally after this, "JPEG", "jpeg" and "Jpeg" are
    /// one value. Invariant upper-casing, which is what <see cref="StringComparison.OrdinalIgnoreCase"/> compares, so
    /// the result does not depend on the machine's culture.
    /// </summary>
    public static string FoldCase(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.ToUpperInvariant();
    }

    /// <summary>
    /// A <see cref="PhotoFilter.PathPrefix"/> as the folder it names, ending at a separator: "/photos/2021" and
    /// "/photos/2021/" both become "/photos/2021/", so a sibling such as "/photos/2021-old" never matches. A prefix
    /// using only backslashes gets a backslash; any other gets '/'. Empty stays empty (every path matches).
    /// </summary>
    public static string FolderPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0 || prefix[^1] is '/' or '\\')
        {
            return prefix;
        }

        return prefix + AppendedSeparator(prefix);
    }

    /// <summary>
    /// Whether <paramref name="path"/> lies inside the folder <see cref="FolderPrefix"/>(<paramref name="prefix"/>)
    /// names; the same answer without building that string.
    /// </summary>
    public static bool IsInFolder(string path, string prefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return prefix.Length == 0 || prefix[^1] is '/' or '\\' ||
               (path.Length > prefix.Length && path[prefix.Length] == AppendedSeparator(prefix));
    }

    /// <summary>
    /// Every folder a path lies in, each ending at a separator: "/a/b/c.jpg" → "/", "/a/", "/a/b/". A path is
    /// inside <see cref="FolderPrefix"/>(p) exactly when that value is among these.
    /// </summary>
    public static IEnumerable<string> FoldersOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] is '/' or '\\')
            {
                yield return path[..(i + 1)];
            }
        }
    }

    private static char AppendedSeparator(string prefix) =>
        prefix.Contains('\\', StringComparison.Ordinal) && !prefix.Contains('/', StringComparison.Ordinal) ? '\\' : '/';

    /// <summary>
    /// An instant as whole milliseconds since 1970-01-01 of its wall-clock value (<see cref="DateTime.Kind"/> is
    /// ignored; sub-millisecond ticks are dropped, towards zero). Date conditions compare these numbers.
    /// </summary>
    public static long ToMilliseconds(DateTime value) =>
        (value.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
}
