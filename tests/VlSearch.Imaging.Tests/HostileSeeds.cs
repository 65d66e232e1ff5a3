using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Tiff.Constants;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace VlSearch.Imaging.Tests;

/// <summary>One generated file of the hostile suite: a name that says how it was made, and its bytes.</summary>
internal sealed record HostileFile(string Name, string Format, byte[] Bytes);

/// <summary>
/// Small valid files in every supported format and pixel layout (the seeds the mutator starts from), and hand-built
/// files that are hostile by construction: decompression bombs, thousands of GIF frames, looping TIFF directories,
/// broken EXIF, ICC and XMP blocks. Everything is built in memory from fixed inputs, so a run is repeatable.
/// </summary>
internal static class HostileSeeds
{
    private const int Width = 83;
    private const int Height = 59;

    /// <summary>Decompression bombs, one or more per format: a few hundred kilobytes that inflate to tens of megapixels.</summary>
    public static readonly Lazy<IReadOnlyList<HostileFile>> Bombs = new(() =>
    {
        var bombs = new List<HostileFile>();
        bombs.Add(new HostileFile("bomb-png-zlib-8000x6000", "png", PngZeros(8000, 6000)));
        bombs.Add(new HostileFile("bomb-tiff-deflate-8000x6000", "tiff", TiffDeflateZeros(8000, 6000)));
        bombs.Add(new HostileFile("bomb-bmp-rle8-8000x6000", "bmp", BmpRle8(8000, 6000, endEarly: false)));
        bombs.Add(new HostileFile("bomb-bmp-rle8-end-of-bitmap-9000x9000", "bmp", BmpRle8(9000, 9000, endEarly: true)));
        using (var flat = new Image<Rgb24>(4000, 3000, new Rgb24(90, 120, 200)))
        {
            bombs.Add(Encode("bomb-jpeg-4000x3000", "jpeg", flat, new JpegEncoder { Quality = 50 }));
            bombs.Add(Encode("bomb-webp-lossless-4000x3000", "webp", flat, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless, Method = WebpEncodingMethod.Fastest }));
            bombs.Add(Encode("bomb-webp-lossy-4000x3000", "webp", flat, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Method = WebpEncodingMethod.Fastest }));
            bombs.Add(Encode("bomb-gif-4000x3000", "gif", flat, new GifEncoder()));
        }

        return bombs;
    });

    public static IReadOnlyList<HostileFile> Valid()
    {
        var files = new List<HostileFile>();
        using var photo = TestImages.PhotoLike(Width, Height, seed: 3, noise: 20);
        using var gray = photo.CloneAs<L8>();
        using var gray16 = photo.CloneAs<L16>();
        using var deep = photo.CloneAs<Rgb48>();
        using var alpha = AlphaOnly();

        files.Add(Encode("jpeg-420", "jpeg", photo, new JpegEncoder { Quality = 90 }));
        files.Add(Encode("jpeg-444", "jpeg", photo, new JpegEncoder { Quality = 75, ColorType = JpegColorType.YCbCrRatio444 }));
        files.Add(Encode("jpeg-gray", "jpeg", gray, new JpegEncoder { ColorType = JpegColorType.Luminance }));
        files.Add(Encode("jpeg-cmyk", "jpeg", photo, new JpegEncoder { ColorType = JpegColorType.Cmyk }));
        files.Add(Encode("jpeg-rgb", "jpeg", photo, new JpegEncoder { ColorType = JpegColorType.Rgb }));
        files.Add(Encode("jpeg-411", "jpeg", photo, new JpegEncoder { Quality = 30, ColorType = JpegColorType.YCbCrRatio411 }));
        files.Add(Encode("png-rgb", "png", photo, new PngEncoder()));
        files.Add(Encode("png-gray", "png", gray, new PngEncoder { ColorType = PngColorType.Grayscale }));
        files.Add(Encode("png-gray16", "png", gray16, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 }));
        files.Add(Encode("png-rgb48", "png", deep, new PngEncoder { BitDepth = PngBitDepth.Bit16 }));
        files.Add(Encode("png-palette", "png", photo, new PngEncoder { ColorType = PngColorType.Palette }));
        files.Add(Encode("png-interlaced", "png", photo, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 }));
        files.Add(Encode("png-alpha-only", "png", alpha, new PngEncoder { ColorType = PngColorType.GrayscaleWithAlpha }));
        files.Add(Encode("gif", "gif", photo, new GifEncoder()));
        files.Add(new HostileFile("gif-animated", "gif", AnimatedGif(photo)));
        files.Add(Encode("webp-lossy", "webp", photo, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy }));
        files.Add(Encode("webp-lossless", "webp", photo, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }));
        files.Add(Encode("webp-alpha-only", "webp", alpha, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }));
        files.Add(Encode("bmp-24", "bmp", photo, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }));
        files.Add(Encode("bmp-32", "bmp", photo, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32, SupportTransparency = true }));
        files.Add(Encode("bmp-16", "bmp", photo, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel16 }));
        files.Add(Encode("bmp-8", "bmp", photo, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }));
        files.Add(Encode("bmp-1", "bmp", photo, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel1 }));
        files.Add(new HostileFile("bmp-rle8", "bmp", BmpRle8(Width, Height, endEarly: false)));
        files.Add(Encode("tiff-rgb", "tiff", photo, new TiffEncoder { Compression = TiffCompression.None }));
        files.Add(Encode("tiff-deflate", "tiff", photo, new TiffEncoder { Compression = TiffCompression.Deflate, HorizontalPredictor = TiffPredictor.Horizontal }));
        files.Add(Encode("tiff-lzw", "tiff", photo, new TiffEncoder { Compression = TiffCompression.Lzw }));
        files.Add(Encode("tiff-packbits", "tiff", photo, new TiffEncoder { Compression = TiffCompression.PackBits }));
        files.Add(Encode("tiff-gray", "tiff", gray, new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit8 }));
        files.Add(Encode("tiff-gray16", "tiff", gray16, new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit16 }));
        files.Add(Encode("tiff-rgb48", "tiff", deep, new TiffEncoder { BitsPerPixel = TiffBitsPerPixel.Bit48 }));
        files.Add(Encode("tiff-palette", "tiff", photo, new TiffEncoder { PhotometricInterpretation = TiffPhotometricInterpretation.PaletteColor }));

        var jpeg = files[0].Bytes;
        var png = files.First(f => f.Name == "png-rgb").Bytes;
        files.Add(new HostileFile("jpeg-with-metadata", "jpeg", InsertJpegSegments(jpeg, Exif(orientation: 6), IccSegment(ValidLookingIcc()), XmpSegment("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"))));
        files.Add(new HostileFile("png-with-metadata", "png", InsertPngChunks(png, ("eXIf", ExifPayload(orientation: 8)), ("iTXt", PngXmp("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")))));
        return files;
    }

    /// <summary>Files that are hostile as built, not by mutation.</summary>
    public static IEnumerable<HostileFile> Crafted(IReadOnlyList<HostileFile> valid)
    {
        var jpeg = valid[0].Bytes;
        var png = valid.First(f => f.Name == "png-rgb").Bytes;

        foreach (var bomb in Bombs.Value)
        {
            yield return bomb;
        }

        // Declared sizes far beyond the data: each format's header rewritten, the pixel data left as it was.
        // At the pixel limit once per format (each such file costs a full-size allocation), cheap claims for every seed.
        var firstOfFormat = valid.GroupBy(f => f.Format).Select(g => g.First()).ToHashSet();
        foreach (var seed in valid)
        {
            foreach (var (w, h) in new[] { (60000, 60000), (10000, 10000), (65535, 1), (1, 65535), (0, 0), (int.MaxValue, int.MaxValue) })
            {
                if (w == 10000 && !firstOfFormat.Contains(seed))
                {
                    continue;
                }

                var patched = DimensionPatcher.Patch(seed.Format, seed.Bytes, w, h);
                if (patched is not null)
                {
                    yield return new HostileFile($"declared-{w}x{h}-{seed.Name}", seed.Format, patched);
                }
            }
        }

        yield return new HostileFile("gif-3000-frames", "gif", ManyFrameGif(3000, 64, 64));
        yield return new HostileFile("gif-20000-frames", "gif", ManyFrameGif(20000, 1, 1));
        yield return new HostileFile("tiff-ifd-loop", "tiff", TiffIfdLoop(valid.First(f => f.Name == "tiff-rgb").Bytes));
        yield return new HostileFile("tiff-cmyk-tag", "tiff", TiffSetShortTag(valid.First(f => f.Name == "tiff-rgb").Bytes, 262, 5));

        // Broken metadata blocks around valid pixels.
        foreach (var (name, exif) in BrokenExifPayloads())
        {
            yield return new HostileFile($"jpeg-exif-{name}", "jpeg", InsertJpegSegments(jpeg, ExifSegment(exif)));
            yield return new HostileFile($"png-exif-{name}", "png", InsertPngChunks(png, ("eXIf", exif)));
        }

        byte[][] iccs = [[], new byte[128], [.. ValidLookingIcc().Take(60)], WithHugeIccTagCount(), Enumerable.Repeat((byte)0xFF, 4096).ToArray()];
        for (var i = 0; i < iccs.Length; i++)
        {
            yield return new HostileFile($"jpeg-icc-{i}", "jpeg", InsertJpegSegments(jpeg, IccSegment(iccs[i])));
            yield return new HostileFile($"png-iccp-{i}", "png", InsertPngChunks(png, ("iCCP", [.. "icc"u8, 0, 0, .. Deflate(iccs[i])])));
        }

        yield return new HostileFile("png-iccp-not-deflate", "png", InsertPngChunks(png, ("iCCP", [.. "icc"u8, 0, 0, 1, 2, 3, 4])));
        yield return new HostileFile("jpeg-icc-chunk-5-of-3", "jpeg", InsertJpegSegments(jpeg, [0xFF, 0xE2, 0, 20, .. "ICC_PROFILE"u8, 0, 5, 3, 1, 2, 3, 4]));
        string[] xmps = ["<x:xmpmeta", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><x>&c;&c;&c;</x>", "\0\0\0\uFFFF", new string('<', 60000)];
        for (var i = 0; i < xmps.Length; i++)
        {
            yield return new HostileFile($"jpeg-xmp-{i}", "jpeg", InsertJpegSegments(jpeg, XmpSegment(xmps[i])));
            yield return new HostileFile($"png-xmp-{i}", "png", InsertPngChunks(png, ("iTXt", PngXmp(xmps[i]))));
        }

        yield return new HostileFile("jpeg-segment-length-past-end", "jpeg", InsertJpegSegments(jpeg, [0xFF, 0xE1, 0xFF, 0xFF, .. "Exif"u8, 0, 0]).AsSpan(0, jpeg.Length / 2).ToArray());
        yield return new HostileFile("png-chunk-length-2gb", "png", InsertPngChunks(png, ("tEXt", new byte[4])).Select((b, i) => i is >= 33 and < 37 ? (byte)0x7F : b).ToArray());
    }

    private static HostileFile Encode<TPixel>(string name, string format, Image<TPixel> image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return new HostileFile(name, format, stream.ToArray());
    }

    private static Image<La16> AlphaOnly()
    {
        var image = new Image<La16>(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                image[x, y] = new La16(0, (byte)((x * 3) + y));
            }
        }

        return image;
    }

    private static byte[] AnimatedGif(Image<Rgb24> photo)
    {
        using var image = photo.Clone();
        for (var i = 1; i < 3; i++)
        {
            using var frame = photo.Clone();
            frame.Mutate(c => c.Invert());
            image.Frames.AddFrame(frame.Frames.RootFrame);
        }

        using var stream = new MemoryStream();
        image.SaveAsGif(stream);
        return stream.ToArray();
    }

    /// <summary>A GIF of <paramref name="frames"/> frames, each one LZW-coded pixel stretched by a frame of the given size.</summary>
    private static byte[] ManyFrameGif(int frames, int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write("GIF89a"u8);
        WriteLe16(stream, width);
        WriteLe16(stream, height);
        stream.Write([0x80, 0, 0, 0, 0, 0, 255, 255, 255]); // two-colour global table
        for (var i = 0; i < frames; i++)
        {
            stream.Write([0x21, 0xF9, 4, 0, 0, 0, 0, 0]); // graphic control, no delay
            stream.WriteByte(0x2C);
            WriteLe16(stream, 0);
            WriteLe16(stream, 0);
            WriteLe16(stream, width);
            WriteLe16(stream, height);
            stream.Write([0, 2, 2, 0x44, 0x01, 0]); // clear, index 0, end: far fewer pixels than the frame holds
        }

        stream.WriteByte(0x3B);
        return stream.ToArray();
    }

    /// <summary>An 8-bit greyscale PNG of the given size whose pixels are all zero: tiny compressed, huge decoded.</summary>
    private static byte[] PngZeros(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WritePngChunk(stream, "IHDR", header);
        WritePngChunk(stream, "IDAT", ZlibZeros((long)(width + 1) * height));
        WritePngChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static byte[] ZlibZeros(long count)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var left = count; left > 0; left -= zeros.Length)
            {
                zlib.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
            }
        }

        return output.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A little-endian greyscale TIFF with one deflate strip of zeros.</summary>
    private static byte[] TiffDeflateZeros(int width, int height)
    {
        var strip = ZlibZeros((long)width * height);
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 4, (uint)width), (257, 4, (uint)height), (258, 3, 8), (259, 3, 8), (262, 3, 1),
            (273, 4, 8), (277, 3, 1), (278, 4, (uint)height), (279, 4, (uint)strip.Length),
        ];
        using var stream = new MemoryStream();
        stream.Write("II"u8);
        WriteLe16(stream, 42);
        WriteLe32(stream, (uint)(8 + strip.Length));
        stream.Write(strip);
        WriteLe16(stream, entries.Length);
        foreach (var (tag, type, value) in entries)
        {
            WriteLe16(stream, tag);
            WriteLe16(stream, type);
            WriteLe32(stream, 1);
            WriteLe32(stream, value);
        }

        WriteLe32(stream, 0);
        return stream.ToArray();
    }

    /// <summary>A bottom-up 8-bit RLE BMP: runs of 255 pixels per row, or one end-of-bitmap code right away.</summary>
    private static byte[] BmpRle8(int width, int height, bool endEarly)
    {
        using var data = new MemoryStream();
        if (endEarly)
        {
            data.Write([0, 1]);
        }
        else
        {
            for (var y = 0; y < height; y++)
            {
                for (var left = width; left > 0; left -= 255)
                {
                    data.WriteByte((byte)Math.Min(255, left));
                    data.WriteByte((byte)(y % 2));
                }

                data.Write([0, 0]);
            }

            data.Write([0, 1]);
        }

        const int paletteSize = 256 * 4;
        const int offset = 14 + 40 + paletteSize;
        using var stream = new MemoryStream();
        stream.Write("BM"u8);
        WriteLe32(stream, (uint)(offset + data.Length));
        WriteLe32(stream, 0);
        WriteLe32(stream, offset);
        WriteLe32(stream, 40);
        WriteLe32(stream, (uint)width);
        WriteLe32(stream, (uint)height);
        WriteLe16(stream, 1);
        WriteLe16(stream, 8);
        WriteLe32(stream, 1); // BI_RLE8
        WriteLe32(stream, (uint)data.Length);
        WriteLe32(stream, 2835);
        WriteLe32(stream, 2835);
        WriteLe32(stream, 256);
        WriteLe32(stream, 0);
        for (var i = 0; i < 256; i++)
        {
            stream.Write([(byte)i, (byte)(255 - i), (byte)(i / 2), 0]);
        }

        data.Position = 0;
        data.CopyTo(stream);
        return stream.ToArray();
    }

    /// <summary>The TIFF with its first directory's next-directory pointer aimed back at itself.</summary>
    private static byte[] TiffIfdLoop(byte[] tiff)
    {
        var bytes = (byte[])tiff.Clone();
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ifd + 2 + (count * 12)), (uint)ifd);
        return bytes;
    }

    internal static byte[] TiffSetLongTag(byte[] tiff, ushort tag, uint value)
    {
        var bytes = (byte[])tiff.Clone();
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));
        for (var i = 0; i < count; i++)
        {
            var entry = ifd + 2 + (i * 12);
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(entry)) == tag)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(entry + 2), 4);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(entry + 8), value);
            }
        }

        return bytes;
    }

    internal static byte[] TiffSetShortTag(byte[] tiff, ushort tag, ushort value)
    {
        var bytes = (byte[])tiff.Clone();
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));
        for (var i = 0; i < count; i++)
        {
            var entry = ifd + 2 + (i * 12);
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(entry)) == tag)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(entry + 2), 3);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(entry + 8), value);
            }
        }

        return bytes;
    }

    private static IEnumerable<(string Name, byte[] Payload)> BrokenExifPayloads()
    {
        var valid = ExifPayload(orientation: 6);
        yield return ("empty", []);
        yield return ("header-only", [.. "II"u8, 42, 0]);
        yield return ("ifd-offset-past-end", [.. "II"u8, 42, 0, 0xF0, 0xFF, 0xFF, 0x7F]);
        yield return ("entry-count-65535", [.. "MM"u8, 0, 42, 0, 0, 0, 8, 0xFF, 0xFF, 1, 2, 3]);
        yield return ("ifd-points-at-itself", [.. "II"u8, 42, 0, 8, 0, 0, 0, 1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0]);
        yield return ("value-count-huge", [.. "II"u8, 42, 0, 8, 0, 0, 0, 1, 0, 0x0F, 0x01, 2, 0, 0xFF, 0xFF, 0xFF, 0x7F, 26, 0, 0, 0, 0, 0, 0, 0]);
        yield return ("orientation-wrong-type", [.. "II"u8, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 5, 0, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
        yield return ("gps-rational-zero-denominator", GpsPayload());
        yield return ("bad-byte-order", [.. "XX"u8, .. valid.AsSpan(2)]);
        yield return ("cut-in-half", valid[..(valid.Length / 2)]);
    }

    private static byte[] ExifPayload(int orientation)
    {
        var exif = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Orientation, (ushort)orientation);
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.Make, "Hostile");
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.DateTimeOriginal, "2024:13:45 99:99:99");
        return exif.ToByteArray();
    }

    private static byte[] GpsPayload()
    {
        var exif = new SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifProfile();
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitude, [new Rational(1, 0), new Rational(0, 0), new Rational(uint.MaxValue, 1)]);
        exif.SetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitudeRef, "Q");
        return exif.ToByteArray();
    }

    private static byte[] Exif(int orientation) => ExifSegment(ExifPayload(orientation));

    private static byte[] ExifSegment(byte[] payload) => JpegSegment(0xE1, [.. "Exif"u8, 0, 0, .. payload]);

    private static byte[] IccSegment(byte[] profile) => JpegSegment(0xE2, [.. "ICC_PROFILE"u8, 0, 1, 1, .. profile]);

    private static byte[] XmpSegment(string xml)
    {
        var payload = Encoding.UTF8.GetBytes(xml);
        return JpegSegment(0xE1, [.. "http://ns.adobe.com/xap/1.0/"u8, 0, .. payload.AsSpan(0, Math.Min(payload.Length, 65000))]);
    }

    private static byte[] PngXmp(string xml) => [.. "XML:com.adobe.xmp"u8, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(xml)];

    /// <summary>A 128-byte ICC header that says "acsp" where a reader looks, followed by a tag table.</summary>
    private static byte[] ValidLookingIcc()
    {
        var icc = new byte[160];
        BinaryPrimitives.WriteUInt32BigEndian(icc, (uint)icc.Length);
        "mntrRGB XYZ "u8.CopyTo(icc.AsSpan(12));
        "acsp"u8.CopyTo(icc.AsSpan(36));
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(128), 2);
        "desc"u8.CopyTo(icc.AsSpan(132));
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(136), 0x7FFFFFF0);
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(140), 0x7FFFFFF0);
        return icc;
    }

    private static byte[] WithHugeIccTagCount()
    {
        var icc = ValidLookingIcc();
        BinaryPrimitives.WriteUInt32BigEndian(icc.AsSpan(128), uint.MaxValue);
        return icc;
    }

    private static byte[] JpegSegment(byte marker, byte[] payload)
    {
        var length = Math.Min(payload.Length + 2, 0xFFFF);
        return [0xFF, marker, (byte)(length >> 8), (byte)length, .. payload.AsSpan(0, length - 2)];
    }

    /// <summary>The JPEG with the given segments placed right after its start-of-image marker.</summary>
    private static byte[] InsertJpegSegments(byte[] jpeg, params byte[][] segments)
        => [.. jpeg.AsSpan(0, 2), .. segments.SelectMany(s => s), .. jpeg.AsSpan(2)];

    /// <summary>The PNG with the given chunks placed right after its header chunk.</summary>
    private static byte[] InsertPngChunks(byte[] png, params (string Type, byte[] Data)[] chunks)
    {
        const int afterHeader = 8 + 4 + 4 + 13 + 4;
        using var stream = new MemoryStream();
        stream.Write(png.AsSpan(0, afterHeader));
        foreach (var (type, data) in chunks)
        {
            WritePngChunk(stream, type, data);
        }

        stream.Write(png.AsSpan(afterHeader));
        return stream.ToArray();
    }

    internal static void WritePngChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
        stream.Write(word);
    }

    private static void WriteLe16(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        stream.Write(bytes);
    }

    private static void WriteLe32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
