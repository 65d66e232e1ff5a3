using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace VlSearch.USearch;

/// <summary>Crash-safe file replacement: write a temporary file, fsync it, rename it over the target, fsync the folder.</summary>
internal static partial class DurableFile
{
    public const string TempSuffix = ".tmp";

    /// <summary>Writes through <paramref name="write"/> into <c>path.tmp</c>, then atomically moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        Commit(temp, path);
    }

    /// <summary>Fsyncs a file some other writer produced at <c>path.tmp</c>, then moves it to <paramref name="path"/>.</summary>
    public static void Commit(string temp, string path)
    {
        using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>SHA-256 of a file, hex encoded.</summary>
    public static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    /// <summary>
    /// Makes a rename durable by fsyncing the folder. Best effort: skipped where directories cannot be opened
    /// (Windows) or no C library is found.
    /// </summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        try
        {
            // glibc ships libc.so.6 (plain "libc.so" is a linker script that only exists with the dev package).
            SyncWith(directory, GlibcOpen, GlibcFsync, GlibcClose);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            try
            {
                SyncWith(directory, LibcOpen, LibcFsync, LibcClose);
            }
            catch (Exception inner) when (inner is DllNotFoundException or EntryPointNotFoundException)
            {
                // No usable C library: the data files themselves are fsynced; only the rename's durability is weaker.
            }
        }
    }

    private static void SyncWith(string directory, Func<string, int, int> open, Func<int, int> fsync, Func<int, int> close)
    {
        var fd = open(directory, 0);
        if (fd < 0)
        {
            return;
        }

        _ = fsync(fd);
        _ = close(fd);
    }

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GlibcOpen(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "fsync")]
    private static partial int GlibcFsync(int fd);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    private static partial int GlibcClose(int fd);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LibcOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int LibcFsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int LibcClose(int fd);
}
