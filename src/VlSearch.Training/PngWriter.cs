using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using VlSearch.Core;

namespace VlSearch.Training;

/// <summary>
/// A minimal 8-bit RGB PNG encoder (IHDR, one IDAT, IEND) with per-row filter selection. The training library
/// writes its synthetic scenes without taking an imaging dependency.
/// </summary>
internal static class PngWriter
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static void Write(string path, RgbImage image)
    {
        using var stream = File.Create(path);
        Write(stream, image);
    }

    public static void Write(Stream stream, RgbImage image)
    {
        image.Validate();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        WriteChunk(stream, "IHDR", header);
        WriteChunk(stream, "IDAT", Compress(image));
        WriteChunk(stream, "IEND", []);
    }

    private static byte[] Compress(RgbImage image)
    {
        var stride = image.Width * 3;
        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var best = new byte[stride];
            var candidate = new byte[stride];
            var previous = new byte[stride];
            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Pixels.AsSpan(y * stride, stride);
                var bestFilter = 0;
                var bestCost = long.MaxValue;
                for (var filter = 0; filter < 5; filter++)
                {
                    var cost = 0L;
                    for (var i = 0; i < stride; i++)
                    {
                        var a = i >= 3 ? row[i - 3] : 0;
                        var b = previous[i];
                        var c = i >= 3 ? previous[i - 3] : 0;
                        var predictor = filter switch
                        {
                            0 => 0,
                            1 => a,
                            2 => b,
                            3 => (a + b) / 2,
                            _ => Paeth(a, b, c),
                        };
                        var value = (byte)(row[i] - predictor);
                        candidate[i] = value;
                        cost += value < 128 ? value : 256 - value;
                    }

                    if (cost < bestCost)
                    {
                        bestCost = cost;
                        bestFilter = filter;
                        candidate.CopyTo(best, 0);
                    }
                }

                zlib.WriteByte((byte)bestFilter);
                zlib.Write(best);
                row.CopyTo(previous);
            }
        }

        return buffer.ToArray();
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = 0xFFFFFFFFu;
        crc = Update(crc, typeBytes);
        crc = Update(crc, data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc ^ 0xFFFFFFFFu);
        stream.Write(crcBytes);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
