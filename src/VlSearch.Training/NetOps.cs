using System.Numerics.Tensors;

namespace VlSearch.Training;

/// <summary>
/// Forward and backward passes of the few layer types the dual encoder uses, on one sample at a time. Layouts
/// match ONNX: CHW activations, convolution weights [out, in, kh, kw], dense weights [out, in] (Gemm transB=1).
/// Backward functions accumulate (+=) into parameter gradients and overwrite input gradients.
/// </summary>
internal static class NetOps
{
    /// <summary>Unfolds the input into a [Patch, Positions] matrix (zero padding).</summary>
    public static void Im2Col(in ConvShape s, ReadOnlySpan<float> input, Span<float> col)
    {
        var oh = s.OutHeight;
        var ow = s.OutWidth;
        var row = 0;
        for (var c = 0; c < s.InChannels; c++)
        {
            for (var ky = 0; ky < s.KernelH; ky++)
            {
                for (var kx = 0; kx < s.KernelW; kx++, row++)
                {
                    var dst = col.Slice(row * oh * ow, oh * ow);
                    for (var y = 0; y < oh; y++)
                    {
                        var iy = (y * s.Stride) - s.PadH + ky;
                        var line = dst.Slice(y * ow, ow);
                        if (iy < 0 || iy >= s.InHeight)
                        {
                            line.Clear();
                            continue;
                        }

                        var src = input.Slice(((c * s.InHeight) + iy) * s.InWidth, s.InWidth);
                        for (var x = 0; x < ow; x++)
                        {
                            var ix = (x * s.Stride) - s.PadW + (kx * s.DilationW);
                            line[x] = ix >= 0 && ix < s.InWidth ? src[ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Folds a [Patch, Positions] gradient back onto the input (the adjoint of <see cref="Im2Col"/>).</summary>
    public static void Col2Im(in ConvShape s, ReadOnlySpan<float> col, Span<float> input)
    {
        input.Clear();
        var oh = s.OutHeight;
        var ow = s.OutWidth;
        var row = 0;
        for (var c = 0; c < s.InChannels; c++)
        {
            for (var ky = 0; ky < s.KernelH; ky++)
            {
                for (var kx = 0; kx < s.KernelW; kx++, row++)
                {
                    var srcRow = col.Slice(row * oh * ow, oh * ow);
                    for (var y = 0; y < oh; y++)
                    {
                        var iy = (y * s.Stride) - s.PadH + ky;
                        if (iy < 0 || iy >= s.InHeight)
                        {
                            continue;
                        }

                        var dst = input.Slice(((c * s.InHeight) + iy) * s.InWidth, s.InWidth);
                        for (var x = 0; x < ow; x++)
                        {
                            var ix = (x * s.Stride) - s.PadW + (kx * s.DilationW);
                            if (ix >= 0 && ix < s.InWidth)
                            {
                                dst[ix] += srcRow[(y * ow) + x];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>output[o, p] = bias[o] + Σ_k weight[o, k]·col[k, p].</summary>
    public static void MatMulBias(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> col, int outRows, int inner, int positions, Span<float> output)
    {
        for (var o = 0; o < outRows; o++)
        {
            var dst = output.Slice(o * positions, positions);
            dst.Fill(bias[o]);
            var w = weight.Slice(o * inner, inner);
            for (var k = 0; k < inner; k++)
            {
                var wk = w[k];
                if (wk != 0f)
                {
                    TensorPrimitives.MultiplyAdd(col.Slice(k * positions, positions), wk, dst, dst);
                }
            }
        }
    }

    /// <summary>
    /// Gradients of <see cref="MatMulBias"/>: dWeight += dOut·colᵀ, dBias += rowsums(dOut) and, when
    /// <paramref name="dCol"/> is not empty, dCol = weightᵀ·dOut.
    /// </summary>
    public static void MatMulBiasBackward(
        ReadOnlySpan<float> weight, ReadOnlySpan<float> col, ReadOnlySpan<float> dOut, int outRows, int inner, int positions,
        Span<float> dWeight, Span<float> dBias, Span<float> dCol)
    {
        if (!dCol.IsEmpty)
        {
            dCol[..(inner * positions)].Clear();
        }

        for (var o = 0; o < outRows; o++)
        {
            var g = dOut.Slice(o * positions, positions);
            dBias[o] += TensorPrimitives.Sum(g);
            var dw = dWeight.Slice(o * inner, inner);
            var w = weight.Slice(o * inner, inner);
            for (var k = 0; k < inner; k++)
            {
                var colRow = col.Slice(k * positions, positions);
                dw[k] += TensorPrimitives.Dot(g, colRow);
                if (!dCol.IsEmpty)
                {
                    var d = dCol.Slice(k * positions, positions);
                    TensorPrimitives.MultiplyAdd(g, w[k], d, d);
                }
            }
        }
    }

    /// <summary>y = W·x + b for one vector (W is [out, in]).</summary>
    public static void Dense(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> y)
    {
        var inputs = x.Length;
        for (var o = 0; o < y.Length; o++)
        {
            y[o] = bias[o] + TensorPrimitives.Dot(weight.Slice(o * inputs, inputs), x);
        }
    }

    /// <summary>Gradients of <see cref="Dense"/>; <paramref name="dx"/> may be empty when not needed.</summary>
    public static void DenseBackward(
        ReadOnlySpan<float> weight, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dWeight, Span<float> dBias, Span<float> dx)
    {
        var inputs = x.Length;
        if (!dx.IsEmpty)
        {
            dx.Clear();
        }

        for (var o = 0; o < dy.Length; o++)
        {
            var g = dy[o];
            if (g == 0f)
            {
                continue;
            }

            dBias[o] += g;
            var dw = dWeight.Slice(o * inputs, inputs);
            TensorPrimitives.MultiplyAdd(x, g, dw, dw);
            if (!dx.IsEmpty)
            {
                TensorPrimitives.MultiplyAdd(weight.Slice(o * inputs, inputs), g, dx, dx);
            }
        }
    }

    public static void Relu(Span<float> values) => TensorPrimitives.Max(values, 0f, values);

    /// <summary>Zeroes the gradient where the (post-ReLU) activation is zero.</summary>
    public static void ReluBackward(ReadOnlySpan<float> activation, Span<float> gradient)
    {
        for (var i = 0; i < gradient.Length; i++)
        {
            if (activation[i] <= 0f)
            {
                gradient[i] = 0f;
            }
        }
    }

    /// <summary>Non-overlapping k×k average pooling of a [C, H, W] tensor (H and W divisible by k).</summary>
    public static void AvgPool(ReadOnlySpan<float> input, int channels, int height, int width, int k, Span<float> output)
    {
        var oh = height / k;
        var ow = width / k;
        var scale = 1f / (k * k);
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < oh; y++)
            {
                for (var x = 0; x < ow; x++)
                {
                    var sum = 0f;
                    for (var dy = 0; dy < k; dy++)
                    {
                        var row = input.Slice((((c * height) + (y * k) + dy) * width) + (x * k), k);
                        sum += TensorPrimitives.Sum(row);
                    }

                    output[(((c * oh) + y) * ow) + x] = sum * scale;
                }
            }
        }
    }

    public static void AvgPoolBackward(ReadOnlySpan<float> dOut, int channels, int height, int width, int k, Span<float> dInput)
    {
        var oh = height / k;
        var ow = width / k;
        var scale = 1f / (k * k);
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    dInput[(((c * height) + y) * width) + x] = dOut[(((c * oh) + (y / k)) * ow) + (x / k)] * scale;
                }
            }
        }
    }

    /// <summary>Maximum of each channel of a [C, positions] tensor, and where it is (the first, on ties).</summary>
    public static void GlobalMaxPool(ReadOnlySpan<float> input, int channels, int positions, Span<float> output, Span<int> at)
    {
        for (var c = 0; c < channels; c++)
        {
            var index = TensorPrimitives.IndexOfMax(input.Slice(c * positions, positions));
            at[c] = index;
            output[c] = input[(c * positions) + index];
        }
    }

    /// <summary>Sends each channel's gradient to the position of its maximum (overwrites <paramref name="dInput"/>).</summary>
    public static void GlobalMaxPoolBackward(ReadOnlySpan<float> dOut, ReadOnlySpan<int> at, int positions, Span<float> dInput)
    {
        dInput.Clear();
        for (var c = 0; c < at.Length; c++)
        {
            dInput[(c * positions) + at[c]] = dOut[c];
        }
    }

    /// <summary>y = x / ‖x‖ (returns ‖x‖).</summary>
    public static float Normalize(ReadOnlySpan<float> x, Span<float> y)
    {
        var norm = MathF.Max(TensorPrimitives.Norm(x), 1e-12f);
        TensorPrimitives.Divide(x, norm, y);
        return norm;
    }

    /// <summary>dx = (dy − y·(y·dy)) / ‖x‖.</summary>
    public static void NormalizeBackward(ReadOnlySpan<float> y, float norm, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var dot = TensorPrimitives.Dot(y, dy);
        TensorPrimitives.MultiplyAdd(y, -dot, dy, dx);
        TensorPrimitives.Divide(dx, norm, dx);
    }
}
