using System.Diagnostics;
using System.Globalization;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// The exclusive right to write one collection folder, held from the first change until the collection is closed:
/// <c>writer.lock</c> opened without sharing (an OS lock, released when the process ends however it ends), and
/// <c>writer.owner</c> naming the holder so a refused writer can say who has it.
/// </summary>
internal sealed class WriterLock : IDisposable
{
    public const string LockFileName = "writer.lock";
    public const string OwnerFileName = "writer.owner";

    /// <summary>How long a writer waits for the lock before it is refused.</summary>
    public static readonly TimeSpan WriterWait = TimeSpan.FromSeconds(2);

    private readonly FileStream _lock;
    private readonly string _ownerFile;

    private WriterLock(FileStream @lock, string ownerFile)
    {
        _lock = @lock;
        _ownerFile = ownerFile;
    }

    /// <summary>Whether <paramref name="fileName"/> belongs to the lock rather than to the collection's data.</summary>
    public static bool IsLockFile(string fileName) => fileName is LockFileName or OwnerFileName;

    /// <summary>
    /// Takes the lock of <paramref name="folder"/>, waiting up to <paramref name="wait"/> for a holder that is about
    /// to let go (a reader tidying up at open holds it for a moment), or throws naming the current holder.
    /// </summary>
    /// <exception cref="VectorIndexException">Another writer (in this or another process) holds it.</exception>
    public static WriterLock Acquire(string folder, string collection, TimeSpan wait)
    {
        Directory.CreateDirectory(folder);
        var lockPath = Path.Combine(folder, LockFileName);
        var ownerPath = Path.Combine(folder, OwnerFileName);
        var deadline = DateTime.UtcNow + wait;
        FileStream stream;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix and a sharing lock on Windows; both hold across processes
                // and between two opens in one process.
                stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                break;
            }
            catch (IOException e)
            {
                if (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(25);
                    continue;
                }

                throw new VectorIndexException(
                    $"Collection {collection} is open for writing by {Holder(ownerPath)}; only one writer may change an embedded index " +
                    $"at a time (wait for it, or stop it). Lock: {lockPath}", e);
            }
        }

        try
        {
            var owner = Describe();
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(owner + "\n"));
            stream.Flush(flushToDisk: true);
            var temp = ownerPath + DurableFile.TempSuffix;
            File.WriteAllText(temp, owner + "\n");
            File.Move(temp, ownerPath, overwrite: true);
            return new WriterLock(stream, ownerPath);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale owner file only names a holder in a message; the OS lock below is what counts.
        }

        _lock.Dispose();
    }

    private static string Describe()
    {
        using var process = Process.GetCurrentProcess();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"process {Environment.ProcessId} ({process.ProcessName}) on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
    }

    private static string Holder(string ownerPath)
    {
        try
        {
            var text = File.ReadAllText(ownerPath).Trim();
            return text.Length > 0 ? text : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }
}
