using VlSearch.Search;

namespace VlSearch.Web.Services;

/// <summary>
/// What is checked before a catalogued file is served (original) or read (thumbnail, preview): the file must still
/// be the one the indexer catalogued. Between scans a file can be replaced by a symbolic link to anything the server
/// can read, or a folder below the library root by a link out of it; the catalog's path alone would then serve that.
/// </summary>
public static class ServedFileCheck
{
    /// <summary>
    /// Null when <paramref name="file"/> may be read: a regular file (not a link), every folder between it and its
    /// library's root a real folder (no link), its path canonical and under the root, and its size and modification
    /// time those the catalog recorded. Otherwise why not, in words for a 404.
    /// </summary>
    public static string? Refusal(PhotoFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (string.IsNullOrEmpty(file.LibraryRoot) || !Path.IsPathFullyQualified(file.LibraryRoot))
        {
            return "its library is unknown";
        }

        var path = file.Path;
        if (!Path.IsPathFullyQualified(path) || !string.Equals(Path.GetFullPath(path), path, StringComparison.Ordinal))
        {
            return "its catalogued path is not a plain absolute path";
        }

        var root = Path.TrimEndingDirectorySeparator(file.LibraryRoot);
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Length == prefix.Length)
        {
            return "it is not under its library's folder";
        }

        // The root itself may be a link (a library on a mounted share): what matters is that nothing below it leads
        // elsewhere, which keeps the file under the root's real path too.
        var current = root;
        var parts = path[prefix.Length..].Split(Path.DirectorySeparatorChar);
        for (var i = 0; i < parts.Length; i++)
        {
            current = Path.Join(current, parts[i]);
            FileSystemInfo entry = i == parts.Length - 1 ? new FileInfo(current) : new DirectoryInfo(current);
            if (entry.LinkTarget is not null)
            {
                return "its path leads through a symbolic link";
            }

            // A folder where the file was, or a file where a folder was, does not exist as the kind asked for.
            if (!entry.Exists)
            {
                return "its file is gone";
            }

            if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                return "its path leads through a symbolic link";
            }
        }

        var info = new FileInfo(path);
        if (info.Attributes.HasFlag(FileAttributes.Directory) || info.Attributes.HasFlag(FileAttributes.Device))
        {
            return "it is not a regular file";
        }

        return Matches(file, info.Length, info.LastWriteTimeUtc) ? null : "its file changed since it was indexed";
    }

    /// <summary>
    /// Opens <paramref name="file"/> for serving after <see cref="Refusal"/> passes, and checks again through the
    /// opened handle, so a file swapped between the check and the open is not served. Null with the reason otherwise.
    /// </summary>
    public static FileStream? OpenVerified(PhotoFile file, out string? refusal)
    {
        refusal = Refusal(file);
        if (refusal is not null)
        {
            return null;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            refusal = "its file cannot be read";
            return null;
        }

        var opened = Matches(file, RandomAccess.GetLength(stream.SafeFileHandle), File.GetLastWriteTimeUtc(stream.SafeFileHandle));
        refusal = opened ? Refusal(file) : "its file changed since it was indexed";
        if (refusal is null)
        {
            return stream;
        }

        stream.Dispose();
        return null;
    }

    private static bool Matches(PhotoFile file, long size, DateTime modifiedUtc) =>
        size == file.Size && Math.Abs(modifiedUtc.Ticks - file.ModifiedAt.Ticks) < TimeSpan.TicksPerMicrosecond;
}
