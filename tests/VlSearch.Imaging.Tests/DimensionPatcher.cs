using System.Buffers.Binary;

namespace VlSearch.Imaging.Tests;

/// <summary>
/// Rewrites the width and height a file declares in its header, leaving its pixel data as it was: the way a hostile
/// file claims a size its data does not back (a decompression bomb when the claim is large).
/// </summary>
internal static class DimensionPatcher
{
    /// <summary>The patched copy, or null when the format stores no field this size fits in.</summary>
    public static byte[]? Patch(string format, byte[] original, int width, int height)
    {
        var bytes = (byte[])original.Clone();
        return format switch
        {
            "png" => PatchPng(bytes, width, height),
            "jpeg" => PatchJpeg(bytes, width, height),
            "gif" => PatchGif(bytes, width, height),
            "bmp" => PatchBmp(bytes, width, height),
            "webp" => PatchWebp(bytes, width, height),
            "tiff" => PatchTiff(bytes, width, height),
            _ => null,
        };
    }

    private static byte[] PatchPng(byte[] bytes, int width, int height)
    {
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }

    private static byte[]? PatchJpeg(byte[] bytes, int width, int height)
    {
        if (width > ushort.MaxValue || height > ushort.MaxValue)
        {
            return null;
        }

        // Walk the marker segments up to the first start-of-frame (C0-CF except C4 DHT, C8 JPG, CC DAC).
        var i = 2;
        while (i + 9 < bytes.Length && bytes[i] == 0xFF)
        {
            var marker = bytes[i + 1];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 7), (ushort)width);
                return bytes;
            }

            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 2));
        }

        return null;
    }

    private static byte[]? PatchGif(byte[] bytes, int width, int height)
    {
        if (width > ushort.MaxValue || height > ushort.MaxValue)
        {
            return null;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        var descriptor = Array.IndexOf(bytes, (byte)0x2C, 13);
        if (descriptor > 0 && descriptor + 9 < bytes.Length)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(descriptor + 5), (ushort)width);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(descriptor + 7), (ushort)height);
        }

        return bytes;
    }

    private static byte[] PatchBmp(byte[] bytes, int width, int height)
    {
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        return bytes;
    }

    private static byte[]? PatchWebp(byte[] bytes, int width, int height)
    {
        if (width is < 1 or > 16384 || height is < 1 or > 16384)
        {
            return null;
        }

        var chunk = System.Text.Encoding.ASCII.GetString(bytes, 12, 4);
        switch (chunk)
        {
            case "VP8L":
                // Signature byte, then 14 bits width-1, 14 bits height-1, alpha and version bits, little-endian.
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(21)) & 0xF0000000u;
                bits |= (uint)(width - 1) | ((uint)(height - 1) << 14);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(21), bits);
                return bytes;
            case "VP8 ":
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(26), (ushort)width);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), (ushort)height);
                return bytes;
            case "VP8X":
                WriteUInt24(bytes.AsSpan(24), width - 1);
                WriteUInt24(bytes.AsSpan(27), height - 1);
                return bytes;
            default:
                return null;
        }
    }

    private static byte[]? PatchTiff(byte[] bytes, int width, int height)
    {
        if (width < 0 || height < 0 || bytes[0] != (byte)'I')
        {
            return null;
        }

        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));
        for (var i = 0; i < count; i++)
        {
            var entry = bytes.AsSpan(ifd + 2 + (i * 12));
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(entry);
            if (tag is 256 or 257)
            {
                // Stored as LONG so any size fits, whatever type the encoder chose.
                BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], 4);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)(tag == 256 ? width : height));
            }
        }

        return bytes;
    }

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
