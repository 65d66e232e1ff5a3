using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace VlSearch.Fuzz;

/// <summary>
/// The starting corpus: tiny valid files (a fuzzer mutates small inputs fastest) in each format and the pixel layouts
/// that take different decoder paths.
/// </summary>
internal static class FuzzSeeds
{
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        using var image = new Image<Rgb24>(12, 9);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = new Rgb24((byte)(x * 20), (byte)(y * 28), (byte)((x + y) * 10));
            }
        }

        using var gray = image.CloneAs<L16>();
        Save(image, folder, "rgb.jpg", new JpegEncoder { Quality = 80 });
        Save(image, folder, "cmyk.jpg", new JpegEncoder { ColorType = JpegColorType.Cmyk });
        Save(gray, folder, "gray.jpg", new JpegEncoder { ColorType = JpegColorType.Luminance });
        Save(image, folder, "rgb.png", new PngEncoder());
        Save(image, folder, "palette-interlaced.png", new PngEncoder { ColorType = PngColorType.Palette, InterlaceMethod = PngInterlaceMode.Adam7 });
        Save(gray, folder, "gray16.png", new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
        Save(image, folder, "frame.gif", new GifEncoder());
        Save(image, folder, "lossy.webp", new WebpEncoder { FileFormat = WebpFileFormatType.Lossy });
        Save(image, folder, "lossless.webp", new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        Save(image, folder, "rgb24.bmp", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 });
        Save(image, folder, "palette8.bmp", new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 });
        Save(image, folder, "lzw.tiff", new TiffEncoder { Compression = SixLabors.ImageSharp.Formats.Tiff.Constants.TiffCompression.Lzw });
        Save(gray, folder, "gray16.tiff", new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit16 });
    }

    private static void Save<TPixel>(Image<TPixel> image, string folder, string name, IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
        => image.Save(Path.Combine(folder, name), encoder);
}
