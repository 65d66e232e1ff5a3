using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace VlSearch.Catalog;

/// <summary>
/// Converts image features to and from <see cref="ImageFeature.Data"/>: IEEE half-precision values, little-endian,
/// 2 bytes each, no header. Half precision keeps three significant digits, which the cross-attention of a matcher does
/// not notice, at half the bytes of float32.
/// </summary>
public static class ImageFeatureCodec
{
    /// <summary>Bytes per stored value.</summary>
    public const int BytesPerValue = 2;

    /// <summary>Encodes <paramref name="values"/> as little-endian half-precision bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * BytesPerValue];
        var halves = MemoryMarshal.Cast<byte, Half>(bytes.AsSpan());
        TensorPrimitives.ConvertToHalf(values, halves);
        if (!BitConverter.IsLittleEndian)
        {
            var raw = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan());
            BinaryPrimitives.ReverseEndianness(raw, raw);
        }

        return bytes;
    }

    /// <summary>Decodes stored bytes into floats.</summary>
    /// <exception cref="ArgumentException">The length is odd.</exception>
    public static float[] Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % BytesPerValue != 0)
        {
            throw new ArgumentException($"Image features have {bytes.Length} bytes, which is not a whole number of half-precision values.", nameof(bytes));
        }

        var values = new float[bytes.Length / BytesPerValue];
        if (BitConverter.IsLittleEndian)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), values);
        }
        else
        {
            var halves = new Half[values.Length];
            for (var i = 0; i < halves.Length; i++)
            {
                halves[i] = BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * BytesPerValue)..]);
            }

            TensorPrimitives.ConvertToSingle(halves, values);
        }

        return values;
    }
}
