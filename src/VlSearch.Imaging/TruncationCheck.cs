using System.Buffers.Binary;

namespace VlSearch.Imaging;

/// <summary>
/// Tells whether a file that decoded ended before its format says it should: the codecs fill what is missing (see
/// <see cref="PhotoDecoder"/>), so the pixels then are partly grey or black although decoding succeeded. Checked from
/// the file's structure, not its pixels: JPEG by walking its markers to the end-of-image marker, PNG by walking its
/// chunks to <c>IEND</c>, WebP by the length its RIFF header declares, GIF by its trailer byte. BMP and TIFF are not
/// checked (their headers do not say reliably where the data ends).
/// </summary>
internal static class TruncationCheck
{
    private const int BufferSize = 1 << 16;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The reason the file is incomplete, or null when it is whole (or its format is not checked).</summary>
    public static string? Find(Stream file, string format)
    {
        file.Position = 0;
        return format switch
        {
            "jpeg" => JpegEndsEarly(file) ? "Truncated JPEG: the data stops before the end-of-image marker; the missing part was filled." : null,
            "png" => PngEndsEarly(file) ? "Truncated PNG: the data stops before the IEND chunk; the missing rows were filled." : null,
            "webp" => WebpEndsEarly(file) ? "Truncated WebP: the file is shorter than its RIFF header declares." : null,
            "gif" => GifEndsEarly(file) ? "Truncated GIF: the file does not end with the GIF trailer." : null,
            _ => null,
        };
    }

    /// <summary>
    /// Walks the marker segments (skipping each by its length, so embedded thumbnails with their own markers are
    /// passed over) and the entropy-coded data after each start-of-scan, where 0xFF is followed by 0x00 (a stuffed
    /// byte) or a restart marker; any other marker continues the walk, and only EOI ends it.
    /// </summary>
    private static bool JpegEndsEarly(Stream file)
    {
        var reader = new ByteReader(file);
        if (reader.Next() != 0xFF || reader.Next() != 0xD8)
        {
            return false;
        }

        while (true)
        {
            if (!reader.SkipPast(0xFF))
            {
                return true;
            }

            var marker = reader.Next();
            while (marker == 0xFF)
            {
                marker = reader.Next();
            }

            switch (marker)
            {
                case < 0:
                    return true;
                case 0xD9:
                    return false;
                case 0x00 or (>= 0xD0 and <= 0xD7) or 0x01:
                    // A stuffed byte or a restart marker inside scan data, or TEM: no length follows.
                    continue;
                default:
                    var high = reader.Next();
                    var low = reader.Next();
                    if (low < 0)
                    {
                        return true;
                    }

                    var length = (high << 8) | low;
                    if (length < 2 || !reader.Skip(length - 2))
                    {
                        return true;
                    }

                    // After SOS the scan data follows; the loop scans it for the next marker.
                    continue;
            }
        }
    }

    private static bool PngEndsEarly(Stream file)
    {
        Span<byte> header = stackalloc byte[8];
        if (file.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8 || !header.SequenceEqual(PngSignature))
        {
            return false;
        }

        var length = file.Length;
        var position = 8L;
        while (position + 12 <= length)
        {
            file.Position = position;
            if (file.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
            {
                return true;
            }

            var dataLength = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (header[4..8].SequenceEqual("IEND"u8))
            {
                return false;
            }

            position += 12L + dataLength;
        }

        return true;
    }

    private static bool WebpEndsEarly(Stream file)
    {
        Span<byte> header = stackalloc byte[12];
        if (file.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12 || !header[..4].SequenceEqual("RIFF"u8))
        {
            return false;
        }

        return file.Length < 8L + BinaryPrimitives.ReadUInt32LittleEndian(header[4..8]);
    }

    private static bool GifEndsEarly(Stream file)
    {
        if (file.Length < 1)
        {
            return true;
        }

        file.Position = file.Length - 1;
        return file.ReadByte() != 0x3B;
    }

    /// <summary>Buffered forward reads over a stream, for the byte-wise JPEG walk.</summary>
    private sealed class ByteReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[BufferSize];
        private int _position;
        private int _count;

        public int Next()
        {
            if (_position == _count)
            {
                _count = stream.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_count <= 0)
                {
                    _count = 0;
                    return -1;
                }
            }

            return _buffer[_position++];
        }

        /// <summary>Consumes everything up to and including the next <paramref name="value"/>; false at the end.</summary>
        public bool SkipPast(byte value)
        {
            while (true)
            {
                var found = _buffer.AsSpan(_position, _count - _position).IndexOf(value);
                if (found >= 0)
                {
                    _position += found + 1;
                    return true;
                }

                _count = stream.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_count <= 0)
                {
                    _count = 0;
                    return false;
                }
            }
        }

        public bool Skip(int bytes)
        {
            var buffered = _count - _position;
            if (bytes <= buffered)
            {
                _position += bytes;
                return true;
            }

            var beyond = bytes - buffered;
            _position = _count = 0;
            if (stream.Position + beyond > stream.Length)
            {
                return false;
            }

            stream.Position += beyond;
            return true;
        }
    }
}
