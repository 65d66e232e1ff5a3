using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VlSearch.Catalog;

/// <summary>
/// Converts embedding vectors to and from <see cref="PhotoEmbedding.Vector"/>: float32 values, little-endian,
/// 4 bytes each, no header.
/// </summary>
public static class EmbeddingCodec
{
    /// <summary>Bytes per stored value.</summary>
    public const int BytesPerValue = sizeof(float);

    /// <summary>Encodes <paramref name="vector"/> as little-endian float32 bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * BytesPerValue];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * BytesPerValue), vector[i]);
            }
        }

        return bytes;
    }

    /// <summary>Decodes stored bytes.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of 4.</exception>
    public static float[] Decode(ReadOnlySpan<byte> bytes)
    {
        var vector = new float[DimensionOf(bytes.Length)];
        DecodeInto(bytes, vector);
        return vector;
    }

    /// <summary>Decodes stored bytes that must hold exactly <paramref name="expectedDimension"/> values.</summary>
    /// <exception cref="ArgumentException">The length does not match.</exception>
    public static float[] Decode(ReadOnlySpan<byte> bytes, int expectedDimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedDimension);
        if (bytes.Length != (long)expectedDimension * BytesPerValue)
        {
            throw new ArgumentException(
                $"Embedding has {bytes.Length} bytes; {expectedDimension} values need {(long)expectedDimension * BytesPerValue}.",
                nameof(bytes));
        }

        return Decode(bytes);
    }

    /// <summary>Decodes an embedding row, checking its vector against its <see cref="PhotoEmbedding.Dimension"/>.</summary>
    public static float[] Decode(PhotoEmbedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return Decode(embedding.Vector, embedding.Dimension);
    }

    /// <summary>Decodes into a caller's buffer, which must have exactly the stored number of values.</summary>
    public static void DecodeInto(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (DimensionOf(bytes.Length) != destination.Length)
        {
            throw new ArgumentException(
                $"Embedding has {bytes.Length / BytesPerValue} values; the destination holds {destination.Length}.",
                nameof(destination));
        }

        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(destination));
        }
        else
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * BytesPerValue)..]);
            }
        }
    }

    /// <summary>Builds an embedding row for <paramref name="vector"/> with its dimension set.</summary>
    public static PhotoEmbedding CreateEmbedding(long photoId, string modelId, ReadOnlySpan<float> vector, string contentHash) => new()
    {
        PhotoId = photoId,
        ModelId = modelId,
        Dimension = vector.Length,
        Vector = Encode(vector),
        ContentHash = contentHash,
    };

    private static int DimensionOf(int byteCount)
    {
        if (byteCount % BytesPerValue != 0)
        {
            throw new ArgumentException(
                $"Embedding has {byteCount} bytes, which is not a whole number of float32 values.", "bytes");
        }

        return byteCount / BytesPerValue;
    }
}
