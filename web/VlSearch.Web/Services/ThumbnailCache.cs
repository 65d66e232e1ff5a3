using System.Globalization;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Imaging;

namespace VlSearch.Web.Services;

/// <summary>
/// JPEG thumbnails made once per photo content and size, upright (the decoder applies EXIF orientation), kept under
/// <c>&lt;data&gt;/thumbnails/</c>. Keyed by content hash so an edited photo gets a new thumbnail.
/// </summary>
public sealed class ThumbnailCache(IPhotoDecoder decoder, VlSearchPaths paths)
{
    private readonly SemaphoreSlim decodeSlots = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>Folder of the cache.</summary>
    public string Root { get; } = Path.Combine(paths.Root, "thumbnails");

    /// <summary>Path of the cached thumbnail, made now when missing. Throws <see cref="PhotoDecodeException"/> for unreadable files.</summary>
    public async Task<string> GetAsync(PhotoFile photo, int size, CancellationToken cancellationToken)
    {
        var hash = photo.ContentHash;
        var folder = Path.Combine(Root, size.ToString(CultureInfo.InvariantCulture), hash[..Math.Min(2, hash.Length)]);
        var target = Path.Combine(folder, hash + ".jpg");
        if (File.Exists(target))
        {
            return target;
        }

        Directory.CreateDirectory(folder);
        await decodeSlots.WaitAsync(cancellationToken);
        try
        {
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
            return target;
        }
        finally
        {
            decodeSlots.Release();
        }
    }
}
