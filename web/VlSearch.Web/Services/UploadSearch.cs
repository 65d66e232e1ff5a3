using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Imaging;
using VlSearch.Search;

namespace VlSearch.Web.Services;

/// <summary>
/// Embeds images that anyone may upload, under limits of their own: a lower pixel cap and time budget than the
/// indexer's (<see cref="WebOptions.UploadMaxPixels"/>, <see cref="WebOptions.UploadDecodeSeconds"/>), JPEGs decoded
/// at reduced size, and at most <see cref="WebOptions.UploadConcurrency"/> at once with
/// <see cref="WebOptions.UploadQueueLength"/> waiting; past that an upload is refused as busy.
/// </summary>
public sealed class UploadSearch : IDisposable
{
    /// <summary>Files in the upload folder older than this are leftovers of a request that never finished.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    private readonly PhotoSearch search;
    private readonly ConcurrencyLimiter slots;
    private readonly TimeSpan retryAfter;
    private long nextSweep;

    public UploadSearch(IVectorIndex index, IImagePreprocessor preprocessor, IOptions<DecoderOptions> decoder, IOptions<WebOptions> options, VlSearchPaths paths)
    {
        var web = options.Value;
        var indexer = decoder.Value;
        Decoder = new PhotoDecoder(new DecoderOptions
        {
            MaxPixels = Math.Min(indexer.MaxPixels, web.UploadMaxPixels),
            Timeout = TimeSpan.FromSeconds(web.UploadDecodeSeconds),
            UseScaledJpegDecode = true,
        });
        search = new PhotoSearch(index, Decoder, preprocessor);
        slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = web.UploadConcurrency > 0 ? web.UploadConcurrency : Math.Max(1, Environment.ProcessorCount / 2),
            QueueLimit = web.UploadQueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(web.UploadDecodeSeconds)));
        Folder = Path.Combine(paths.Root, "uploads");
    }

    /// <summary>Where uploads are kept while they are searched with; each is deleted when its request ends.</summary>
    public string Folder { get; }

    /// <summary>The decoder uploads are read with.</summary>
    public PhotoDecoder Decoder { get; }

    /// <summary>
    /// A fresh path in <see cref="Folder"/> for one upload, with the given extension when it is a plain one. Files
    /// that requests left behind (a crash, a killed process) are deleted now and then on the way.
    /// </summary>
    public string NewTempPath(string? extension)
    {
        Directory.CreateDirectory(Folder);
        SweepNowAndThen();

        // The client's file name is never used as a path: only its extension, when it is a plain one, helps the decoder.
        if (extension is null || extension.Length is < 2 or > 6 || extension[0] != '.' || !extension.Skip(1).All(char.IsAsciiLetterOrDigit))
        {
            extension = ".img";
        }

        return Path.Combine(Folder, Guid.NewGuid().ToString("N") + extension.ToLowerInvariant());
    }

    /// <summary>
    /// Decodes and embeds an uploaded image with <paramref name="model"/> once a slot is free. Throws
    /// <see cref="ServerBusyException"/> when the slots and the queue are full, <see cref="PhotoDecodeException"/>
    /// for an unreadable image or one above the upload limits.
    /// </summary>
    public async Task<float[]> EmbedAsync(IEmbeddingModel model, string path, CancellationToken cancellationToken)
    {
        using var slot = await slots.AcquireAsync(1, cancellationToken);
        if (!slot.IsAcquired)
        {
            throw new ServerBusyException("Too many images are being searched with right now; try again shortly.", retryAfter);
        }

        return await Task.Run(() => search.EmbedImage(model, path, cancellationToken), cancellationToken);
    }

    /// <summary>Holds one upload slot (or a place in the queue); lets tests fill the bound deterministically.</summary>
    internal ValueTask<RateLimitLease> AcquireSlotAsync(CancellationToken cancellationToken) => slots.AcquireAsync(1, cancellationToken);

    /// <summary>Deletes files of the upload folder older than an hour; returns how many.</summary>
    public int SweepStale()
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var deleted = 0;
        var before = DateTime.UtcNow - StaleAfter;
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
        {
            try
            {
                if (file.LastWriteTimeUtc < before)
                {
                    file.Delete();
                    deleted++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // In use or already gone: the next sweep tries again.
            }
        }

        return deleted;
    }

    public void Dispose() => slots.Dispose();

    private void SweepNowAndThen()
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref nextSweep);
        if (now < due || Interlocked.CompareExchange(ref nextSweep, now + (long)TimeSpan.FromMinutes(10).TotalMilliseconds, due) != due)
        {
            return;
        }

        try
        {
            SweepStale();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder is unreadable for now; the upload itself reports any real problem.
        }
    }
}
