namespace VlSearch.Indexing;

/// <summary>
/// Which folders may be a library's root. Everything under a root is read and, through the web app, served; so a
/// root cannot be the data folder (keys, catalog, thumbnails), a folder that holds it, a folder inside it, or a
/// system folder, and with <see cref="LibraryRootOptions.AllowedRoots"/> set it must lie under one of those.
/// Folders are compared by their real paths, so a link to a refused folder is refused as well.
/// </summary>
public sealed class LibraryRootPolicy
{
    // Refused with everything below them: configuration, kernel and device views (/proc/1/root is the whole disk).
    private static readonly string[] SystemTrees = ["/etc", "/proc", "/sys", "/dev", "/boot", "/run"];

    // Refused as roots themselves: a library there would be the whole system or a large part of it.
    private static readonly string[] SystemFolders = ["/usr", "/var", "/bin", "/sbin", "/lib", "/lib64"];

    /// <summary>Folder of the data folder where <c>vlsearch demo</c> writes its sample libraries.</summary>
    public const string DemoFolder = "demo";

    private readonly string dataDirectory;
    private readonly IReadOnlyList<string> allowedRoots;

    /// <param name="dataDirectory">VlSearch's data folder.</param>
    /// <param name="allowedRoots">When not empty, the only folders (with their sub-folders) libraries may be rooted in.</param>
    public LibraryRootPolicy(string dataDirectory, IEnumerable<string>? allowedRoots = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        this.dataDirectory = RealPath(Path.GetFullPath(dataDirectory));
        this.allowedRoots = [.. (allowedRoots ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => RealPath(Path.GetFullPath(r.Trim())))];
    }

    /// <summary>The full path of <paramref name="folder"/> when it may be a library root.</summary>
    /// <exception cref="ArgumentException">It may not, with the reason.</exception>
    /// <exception cref="DirectoryNotFoundException">It does not exist.</exception>
    public string Check(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new ArgumentException("Name the library folder.");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Folder not found: {folder}");
        }

        var real = RealPath(full);
        var shown = real == full ? full : $"{full} (really {real})";
        if (real == "/" || (Path.GetPathRoot(real) is { Length: > 0 } driveRoot && Same(driveRoot, real)))
        {
            throw new ArgumentException($"{shown} is the root of the file system; choose the folder that holds your photos.");
        }

        if (SystemTrees.Any(system => Same(system, real) || IsUnder(real, system)) || SystemFolders.Any(system => Same(system, real)))
        {
            throw new ArgumentException($"{shown} is a system folder; a library must be a folder of photos.");
        }

        if (Same(real, dataDirectory) || IsUnder(dataDirectory, real))
        {
            throw new ArgumentException($"{shown} is or holds VlSearch's data folder ({dataDirectory}), whose keys and catalog must never be served; choose a folder beside it.");
        }

        // The one library that lives in the data folder is the sample set `vlsearch demo` writes under demo/; every
        // other folder there holds the app's own files (keys, index, thumbnails, uploads).
        if (IsUnder(real, dataDirectory) && !IsUnder(real, Path.Join(dataDirectory, DemoFolder)))
        {
            throw new ArgumentException($"{shown} is inside VlSearch's data folder ({dataDirectory}); choose a folder outside it.");
        }

        if (allowedRoots.Count > 0 && !allowedRoots.Any(allowed => Same(allowed, real) || IsUnder(real, allowed)))
        {
            throw new ArgumentException(
                $"{shown} is not under the folders libraries may use here (Libraries:AllowedRoots: {string.Join(", ", allowedRoots)}).");
        }

        return full;
    }

    /// <summary>The path with every link along it resolved (the path itself when it does not exist).</summary>
    internal static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        var current = root;
        var parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            current = Path.Join(current, part);
            try
            {
                var info = new DirectoryInfo(current);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    // The target may itself sit below links (a relative link into a linked folder).
                    current = Path.TrimEndingDirectorySeparator(RealPathOfResolved(target.FullName));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A link loop or an unreadable link: compare the path as written.
                return Path.TrimEndingDirectorySeparator(fullPath);
            }
        }

        return Path.TrimEndingDirectorySeparator(current.Length == 0 ? fullPath : current);
    }

    private static string RealPathOfResolved(string target)
    {
        var parent = Path.GetDirectoryName(target);
        return parent is null ? target : Path.Join(RealPath(parent), Path.GetFileName(target));
    }

    private static StringComparison Comparison => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static bool Same(string a, string b) => string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), Comparison);

    private static bool IsUnder(string path, string folder)
    {
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, Comparison);
    }
}
