using System.Buffers.Binary;

namespace VlSearch.USearch;

/// <summary>
/// The TEXMEX vector formats that ann-benchmarks, FAISS and hnswlib's tooling share: <c>.fvecs</c> (per vector, a
/// little-endian int32 dimension then that many float32) and <c>.ivecs</c> (the same with int32 values, used for
/// ground-truth neighbour ids).
/// </summary>
public static class TexmexFiles
{
    /// <summary>Largest dimension accepted; a larger header means the file is not in this format.</summary>
    public const int MaxDimension = 65_536;

    /// <summary>Reads an <c>.fvecs</c> file; every vector must have the same dimension.</summary>
    /// <param name="path">The file.</param>
    /// <param name="limit">Read at most this many vectors (0: all).</param>
    /// <exception cref="InvalidDataException">The file is not a well-formed fvecs file.</exception>
    public static float[][] ReadFvecs(string path, int limit = 0) =>
        Read(path, limit, (bytes, row) =>
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
            }
        }, dimension => new float[dimension]);

    /// <summary>Reads an <c>.ivecs</c> file (neighbour ids per query).</summary>
    /// <param name="path">The file.</param>
    /// <param name="limit">Read at most this many rows (0: all).</param>
    /// <exception cref="InvalidDataException">The file is not a well-formed ivecs file.</exception>
    public static long[][] ReadIvecs(string path, int limit = 0) =>
        Read(path, limit, (bytes, row) =>
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
            }
        }, dimension => new long[dimension]);

    /// <summary>Writes vectors as <c>.fvecs</c>.</summary>
    public static void WriteFvecs(string path, IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        using var stream = File.Create(path);
        Span<byte> four = stackalloc byte[4];
        foreach (var vector in vectors)
        {
            BinaryPrimitives.WriteInt32LittleEndian(four, vector.Length);
            stream.Write(four);
            foreach (var value in vector)
            {
                BinaryPrimitives.WriteSingleLittleEndian(four, value);
                stream.Write(four);
            }
        }
    }

    /// <summary>Writes neighbour ids as <c>.ivecs</c>.</summary>
    public static void WriteIvecs(string path, IReadOnlyList<long[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = File.Create(path);
        Span<byte> four = stackalloc byte[4];
        foreach (var row in rows)
        {
            BinaryPrimitives.WriteInt32LittleEndian(four, row.Length);
            stream.Write(four);
            foreach (var value in row)
            {
                BinaryPrimitives.WriteInt32LittleEndian(four, checked((int)value));
                stream.Write(four);
            }
        }
    }

    private delegate void RowReader<T>(ReadOnlySpan<byte> bytes, T[] row);

    private static T[][] Read<T>(string path, int limit, RowReader<T> parse, Func<int, T[]> allocate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = File.OpenRead(path);
        var rows = new List<T[]>();
        var header = new byte[4];
        int? dimension = null;
        byte[] buffer = [];
        while ((limit <= 0 || rows.Count < limit) && ReadFully(stream, header) is var got && got > 0)
        {
            if (got < 4)
            {
                throw new InvalidDataException($"{path}: the file ends inside a vector header (vector {rows.Count}).");
            }

            var d = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (d is < 1 or > MaxDimension || (dimension is { } first && d != first))
            {
                throw new InvalidDataException($"{path}: vector {rows.Count} has dimension {d}" + (dimension is { } expected ? $", expected {expected}." : "."));
            }

            dimension = d;
            if (buffer.Length != d * 4)
            {
                buffer = new byte[d * 4];
            }

            if (ReadFully(stream, buffer) != buffer.Length)
            {
                throw new InvalidDataException($"{path}: the file ends inside vector {rows.Count}.");
            }

            var row = allocate(d);
            parse(buffer, row);
            rows.Add(row);
        }

        return [.. rows];
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }
}
