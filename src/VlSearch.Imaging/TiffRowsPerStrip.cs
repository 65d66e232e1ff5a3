using System.Buffers.Binary;

namespace VlSearch.Imaging;

/// <summary>
/// Bounds a TIFF's RowsPerStrip by its height before ImageSharp reads it. ImageSharp 2.1 sizes its strip buffer from
/// RowsPerStrip alone, so a file of a few hundred bytes that claims millions of rows per strip over a 12×9 image made
/// it allocate hundreds of megabytes and run for seconds (found by tools/fuzz.sh). A strip can never hold more rows
/// than the image has, so lowering the value to the height changes nothing for a valid file.
/// </summary>
internal static class TiffRowsPerStrip
{
    private const ushort RowsPerStripTag = 278;
    private const ushort ShortType = 3;
    private const ushort LongType = 4;

    /// <summary>The stream as the decoder should read it: unchanged, or with the first directory's RowsPerStrip lowered to <paramref name="height"/>.</summary>
    public static Stream Clamp(Stream stream, int height)
    {
        var patch = FindPatch(stream, height);
        stream.Position = 0;
        return patch is { } p ? new PatchedStream(stream, p.Offset, p.Bytes) : stream;
    }

    private static (long Offset, byte[] Bytes)? FindPatch(Stream stream, int height)
    {
        Span<byte> header = stackalloc byte[8];
        stream.Position = 0;
        if (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
        {
            return null;
        }

        var little = header[0] == (byte)'I';
        if (!little && header[0] != (byte)'M')
        {
            return null;
        }

        // Classic TIFF only (42); BigTIFF (43) keeps its own layout and is left to the decoder.
        if (Read16(header[2..], little) != 42)
        {
            return null;
        }

        long directory = Read32(header[4..], little);
        Span<byte> count = stackalloc byte[2];
        if (directory <= 0 || directory > stream.Length - 2)
        {
            return null;
        }

        stream.Position = directory;
        if (stream.ReadAtLeast(count, 2, throwOnEndOfStream: false) < 2)
        {
            return null;
        }

        var entries = Read16(count, little);
        Span<byte> entry = stackalloc byte[12];
        for (var i = 0; i < entries; i++)
        {
            if (stream.ReadAtLeast(entry, 12, throwOnEndOfStream: false) < 12)
            {
                return null;
            }

            if (Read16(entry, little) != RowsPerStripTag || Read32(entry[4..], little) != 1)
            {
                continue;
            }

            var type = Read16(entry[2..], little);
            var value = type == ShortType ? Read16(entry[8..], little) : type == LongType ? Read32(entry[8..], little) : 0u;
            if (value <= (uint)height)
            {
                return null;
            }

            var bytes = new byte[type == ShortType ? 2 : 4];
            if (type == ShortType && little)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)height);
            }
            else if (type == ShortType)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)height);
            }
            else if (little)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)height);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)height);
            }

            return (directory + 2 + (i * 12) + 8, bytes);
        }

        return null;
    }

    private static ushort Read16(ReadOnlySpan<byte> bytes, bool little)
        => little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    private static uint Read32(ReadOnlySpan<byte> bytes, bool little)
        => little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
