using System.Text;

namespace VlSearch.Hosting;

/// <summary>
/// Files only their owner may read (keys, settings). The mode is given when the file is created, never after its
/// contents are written, so no other account ever sees a readable copy; a rewrite carries the file's current mode
/// (an operator who opened it to a group keeps that choice) and replaces it atomically.
/// </summary>
public static class PrivateFile
{
    /// <summary>Owner read and write (0600): the mode of a new file.</summary>
    public const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/> in one step (readers see the old or the new
    /// text, never a part); a new file gets <see cref="OwnerReadWrite"/>, an existing one keeps its mode.
    /// </summary>
    public static void WriteAllText(string path, string contents)
    {
        var mode = OperatingSystem.IsWindows() || !File.Exists(path) ? OwnerReadWrite : File.GetUnixFileMode(path);
        var temp = WriteTemp(path, contents, mode);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="contents"/> and <see cref="OwnerReadWrite"/> unless it
    /// exists; false when it does (another process won the race, and its file stays as it is).
    /// </summary>
    public static bool CreateNew(string path, string contents)
    {
        var temp = WriteTemp(path, contents, OwnerReadWrite);
        try
        {
            // Without overwrite the move fails when the target exists, so two starts never replace each other's key.
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            TryDelete(temp);
            return false;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string WriteTemp(string path, string contents, UnixFileMode mode)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using var stream = new FileStream(temp, options);
            if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(stream.SafeFileHandle) != mode)
            {
                // The umask narrowed a carried mode; the file is still empty, so widening it back exposes nothing.
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
            }

            stream.Write(Utf8.GetBytes(contents));
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        return temp;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
