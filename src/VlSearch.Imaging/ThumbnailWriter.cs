using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VlSearch.Core;

namespace VlSearch.Imaging;

/// <summary>Writes small JPEG previews of decoded photos.</summary>
public static class ThumbnailWriter
{
    /// <summary>
    /// Scales <paramref name="image"/> so its longer side is at most <paramref name="maxEdge"/> (never enlarging)
    /// and writes it to <paramref name="destination"/> as a baseline JPEG.
    /// </summary>
    /// <param name="image">An upright raster, as <see cref="PhotoDecoder"/> returns it.</param>
    /// <param name="maxEdge">Largest width or height of the thumbnail.</param>
    /// <param name="destination">Stream the JPEG is written to.</param>
    /// <param name="quality">JPEG quality 1–100.</param>
    /// <returns>The thumbnail's size.</returns>
    public static (int Width, int Height) Write(RgbImage image, int maxEdge, Stream destination, int quality = 80)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEdge, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        image.Validate();

        using var picture = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        if (Math.Max(image.Width, image.Height) > maxEdge)
        {
            picture.Mutate(x => x.Resize(new ResizeOptions
            {
                Size = new Size(maxEdge, maxEdge),
                Mode = SixLabors.ImageSharp.Processing.ResizeMode.Max,
                Sampler = KnownResamplers.Bicubic,
            }));
        }

        picture.SaveAsJpeg(destination, new JpegEncoder { Quality = quality });
        return (picture.Width, picture.Height);
    }
}
