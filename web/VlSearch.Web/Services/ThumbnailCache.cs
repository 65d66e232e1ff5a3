using VlSearch.Search;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Imaging;

namespace VlSearch.Web.Services;

/// <summary>
/// JPEG thumbnails made once per photo content and size, upright (the decoder applies EXIF orientation), kept under
/// <c>&lt;data&gt;/thumbnails/</c>. Keyed by content hash so an edited photo gets a new thumbnail. The folder is kept
/// under <see cref="WebOptions.ThumbnailCacheMegabytes"/>: past it, the least recently used thumbnails go first.
/// Only the sizes of <see cref="Sizes"/> are made, and the thumbnails waiting to be made are bounded by
/// <see cref="WebOptions.ThumbnailQueueLength"/>.
/// </summary>
public sealed class ThumbnailCache : IDisposable
{
    /// <summary>The sizes made when <see cref="WebOptions.ThumbnailSizes"/> is not set.</summary>
    public static readonly IReadOnlyList<int> DefaultSizes = [64, 128, 256, 512, 1024, 2048];

    private static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>A hit refreshes a thumbnail's time at most this often, so browsing does not write on every view.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromHours(1);

    private readonly IPhotoDecoder decoder;
    private readonly long limitBytes;
    private readonly ConcurrencyLimiter decodeSlots;
    private readonly Lock sizeGate = new();
    private long? totalBytes;
    private int trimming;

    public ThumbnailCache(IPhotoDecoder decoder, VlSearchPaths paths, IOptions<WebOptions> options)
    {
        this.decoder = decoder;
        Root = Path.Combine(paths.Root, "thumbnails");
        var web = options.Value;
        limitBytes = web.ThumbnailCacheMegabytes * 1024L * 1024L;
        Sizes = [.. (web.ThumbnailSizes is { Length: > 0 } sizes ? sizes : DefaultSizes).Append(web.ThumbnailSize).Append(web.PreviewSize).Distinct().Order()];
        decodeSlots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, Environment.ProcessorCount),
            QueueLimit = web.ThumbnailQueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Folder of the cache.</summary>
    public string Root { get; }

    /// <summary>The sizes thumbnails are made at, smallest first.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The size a request for <paramref name="requested"/> pixels is served at: the next allowed size up, else the largest.</summary>
    public int Allowed(int requested)
    {
        foreach (var size in Sizes)
        {
            if (size >= requested)
            {
                return size;
            }
        }

        return Sizes[^1];
    }

    /// <summary>Holds one slot for thumbnail making; lets tests fill the bound deterministically.</summary>
    internal ValueTask<RateLimitLease> AcquireSlotAsync(CancellationToken cancellationToken) => decodeSlots.AcquireAsync(1, cancellationToken);

    public void Dispose() => decodeSlots.Dispose();

    /// <summary>
    /// Path of the cached thumbnail at the allowed size for <paramref name="size"/> (see <see cref="Allowed"/>), made
    /// now when missing. Throws <see cref="PhotoDecodeException"/> for unreadable files and
    /// <see cref="ServerBusyException"/> when too many thumbnails are already waiting to be made.
    /// </summary>
    public async Task<string> GetAsync(PhotoFile photo, int size, CancellationToken cancellationToken)
    {
        size = Allowed(size);
        var hash = photo.ContentHash;
        var folder = Path.Combine(Root, size.ToString(CultureInfo.InvariantCulture), hash[..Math.Min(2, hash.Length)]);
        var target = Path.Combine(folder, hash + ".jpg");
        if (Touch(target))
        {
            return target;
        }

        Directory.CreateDirectory(folder);
        using var slot = await decodeSlots.AcquireAsync(1, cancellationToken);
        if (!slot.IsAcquired)
        {
            throw new ServerBusyException("Too many thumbnails are being made right now; try again shortly.", BusyRetryAfter);
        }

        if (File.Exists(target))
        {
            return target;
        }

        var temp = target + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        await Task.Run(() =>
        {
            try
            {
                var decoded = decoder.Decode(photo.Path, size, cancellationToken);
                // The file was checked before decoding; checked again after, a file swapped meanwhile (for a link to
                // somewhere else) is not stored under the content hash of the photo it replaced.
                if (photo.LibraryRoot is not null && ServedFileCheck.Refusal(photo) is { } refusal)
                {
                    throw new PhotoDecodeException($"The file changed while its thumbnail was made: {refusal}.");
                }

                using var output = File.Create(temp);
                ThumbnailWriter.Write(decoded.Image, size, output);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }, cancellationToken);

        // Readers only ever see a complete file.
        File.Move(temp, target, overwrite: true);
        Added(new FileInfo(target).Length);
        return target;
    }

    /// <summary>
    /// Deletes the least recently used thumbnails until the cache is at 90 % of its limit, and temporary files that a
    /// crash left behind. Runs by itself once the limit is passed; callable directly.
    /// </summary>
    /// <returns>The number of files deleted.</returns>
    public int Trim()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var files = new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        var deleted = 0;
        var staleTemp = DateTime.UtcNow - TouchEvery;
        foreach (var temp in files.Where(f => f.Extension == ".tmp" && f.LastWriteTimeUtc < staleTemp))
        {
            deleted += TryDelete(temp) ? 1 : 0;
        }

        var thumbnails = files.Where(f => f.Extension == ".jpg").OrderBy(f => f.LastWriteTimeUtc).ToList();
        var total = thumbnails.Sum(f => f.Length);
        var goal = limitBytes / 10 * 9;
        foreach (var file in thumbnails)
        {
            if (limitBytes <= 0 || total <= goal)
            {
                break;
            }

            // Read before deleting: a deleted file's info no longer knows its length.
            var length = file.Length;
            if (TryDelete(file))
            {
                total -= length;
                deleted++;
            }
        }

        lock (sizeGate)
        {
            totalBytes = total;
        }

        return deleted;
    }

    /// <summary>Whether the thumbnail exists; marks it used.</summary>
    private static bool Touch(string path)
    {
        try
        {
            var written = File.GetLastWriteTimeUtc(path);
            if (written.Year <= 1601)
            {
                // The documented answer for a missing file.
                return false;
            }

            var now = DateTime.UtcNow;
            if (now - written > TouchEvery)
            {
                File.SetLastWriteTimeUtc(path, now);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Deleted by a trim a moment ago, or not writable: a missing thumbnail is simply made again.
            return File.Exists(path);
        }
    }

    private static bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Added(long bytes)
    {
        if (limitBytes <= 0)
        {
            return;
        }

        bool over;
        lock (sizeGate)
        {
            // The first addition since start learns the folder's size from the trim below.
            totalBytes = totalBytes is { } known ? known + bytes : null;
            over = totalBytes is null || totalBytes > limitBytes;
        }

        if (over && Interlocked.CompareExchange(ref trimming, 1, 0) == 0)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    Trim();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A folder vanished under the walk, or one is unreadable: the next addition past the limit retries.
                }
                finally
                {
                    Volatile.Write(ref trimming, 0);
                }
            });
        }
    }
}
