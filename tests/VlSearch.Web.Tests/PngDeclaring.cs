using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace VlSearch.Web.Tests;

/// <summary>
/// Small PNG files whose header declares a huge image: a complete first data chunk (a few all-black rows, which
/// compress to almost nothing) and no end, so a decoder that trusts the header allocates the whole raster.
/// </summary>
internal static class PngDeclaring
{
    public static byte[] Create(int width, int height, int rows = 64)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per sample
        header[9] = 2; // RGB
        WriteChunk(file, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            // Each row: filter byte 0, then width × 3 zero bytes.
            var row = new byte[1 + (width * 3)];
            for (var i = 0; i < rows; i++)
            {
                zlib.Write(row);
            }
        }

        WriteChunk(file, "IDAT", compressed.ToArray());
        return file.ToArray();
    }

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typed = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        file.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        file.Write(crc);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
