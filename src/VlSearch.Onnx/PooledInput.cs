using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace VlSearch.Onnx;

/// <summary>An <see cref="OrtValue"/> over an array rented from the shared pool; disposing returns the array.</summary>
internal sealed class PooledInput : IDisposable
{
    private readonly Action _return;

    private PooledInput(OrtValue value, Action returnBuffer)
    {
        Value = value;
        _return = returnBuffer;
    }

    public OrtValue Value { get; }

    public static PooledInput From<TSource, T>(ReadOnlySpan<TSource> data, long[] shape, Func<TSource, T> convert)
        where TSource : unmanaged
        where T : unmanaged
    {
        var length = 1L;
        foreach (var dim in shape)
        {
            length *= dim;
        }

        var buffer = ArrayPool<T>.Shared.Rent(checked((int)length));
        var count = Math.Min(data.Length, (int)length);
        if (typeof(TSource) == typeof(T))
        {
            // Same element type: a block copy instead of a per-element conversion.
            MemoryMarshal.Cast<TSource, T>(data[..count]).CopyTo(buffer);
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                buffer[i] = convert(data[i]);
            }
        }

        // Fixed-batch graphs get fewer real rows than the batch holds; the rest is zero.
        Array.Clear(buffer, count, (int)length - count);
        var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, (int)length), shape);
        return new PooledInput(value, () => ArrayPool<T>.Shared.Return(buffer));
    }

    public void Dispose()
    {
        Value.Dispose();
        _return();
    }
}
