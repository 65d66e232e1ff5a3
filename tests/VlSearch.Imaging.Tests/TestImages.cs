using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

/// <summary>Builds test pictures in memory and on disk; no binary fixtures live in the repository.</summary>
internal static class TestImages
{
    public static readonly Rgb24 TopLeft = new(220, 30, 30);
    public static readonly Rgb24 TopRight = new(30, 200, 40);
    public static readonly Rgb24 BottomLeft = new(40, 50, 210);
    public static readonly Rgb24 BottomRight = new(235, 225, 60);

    /// <summary>Four flat quadrants of distinct colours: orientation and colour mistakes both show.</summary>
    public static Image<Rgb24> Quadrants(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var top = y < height / 2;
                    var left = x < width / 2;
                    row[x] = top ? (left ? TopLeft : TopRight) : (left ? BottomLeft : BottomRight);
                }
            }
        });
        return image;
    }

    /// <summary>Smooth gradients with mild noise: photo-like content that compresses like a photo.</summary>
    public static Image<Rgb24> PhotoLike(int width, int height, int seed = 7, int noise = 6)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var n = random.Next(-noise, noise + 1);
                    row[x] = new Rgb24(
                        Clamp((x * 255 / width) + n),
                        Clamp((y * 255 / height) + n),
                        Clamp(128 + (90 * Math.Sin(x / 37.0) * Math.Cos(y / 29.0)) + n));
                }
            }
        });
        return image;
    }

    /// <summary>Uniform random bytes: every resampling weight matters.</summary>
    public static RgbImage RandomRgb(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    public static Rgb24 PixelAt(RgbImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return new Rgb24(image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    public static int Distance(Rgb24 a, Rgb24 b)
        => Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B)));

    /// <summary>Asserts the colour at the centre of each quadrant of <paramref name="image"/>.</summary>
    public static void AssertQuadrants(RgbImage image, int tolerance)
    {
        var w = image.Width;
        var h = image.Height;
        AssertColor(TopLeft, PixelAt(image, w / 4, h / 4), tolerance, "top left");
        AssertColor(TopRight, PixelAt(image, 3 * w / 4, h / 4), tolerance, "top right");
        AssertColor(BottomLeft, PixelAt(image, w / 4, 3 * h / 4), tolerance, "bottom left");
        AssertColor(BottomRight, PixelAt(image, 3 * w / 4, 3 * h / 4), tolerance, "bottom right");
    }

    public static void AssertColor(Rgb24 expected, Rgb24 actual, int tolerance, string where)
        => Assert.True(Distance(expected, actual) <= tolerance, $"{where}: expected {expected}, got {actual}");

    /// <summary>A PNG that is valid up to its header and claims the given size, followed by a tiny IDAT and IEND.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        WriteChunk(stream, "IHDR", header);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
        stream.Write(word);
    }

    private static byte Clamp(double value) => (byte)Math.Clamp((int)Math.Round(value), 0, 255);
}
