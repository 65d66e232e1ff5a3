namespace VlSearch.Imaging;

/// <summary>
/// Per-output-pixel weights of a separable antialiased bicubic resample along one axis, computed as Pillow does
/// for <c>Image.resize(..., BICUBIC)</c>: cubic convolution with a = -0.5, the support widened by the downscale
/// factor so every source pixel contributes, taps clipped at the edges and renormalised to sum to one.
/// </summary>
internal sealed class ResampleKernel
{
    private const double Support = 2.0;

    private ResampleKernel(int[] starts, int[] counts, double[] weights, int stride)
    {
        Starts = starts;
        Counts = counts;
        Weights = weights;
        Stride = stride;
    }

    /// <summary>First source index of each output index.</summary>
    public int[] Starts { get; }

    /// <summary>Number of source taps of each output index.</summary>
    public int[] Counts { get; }

    /// <summary>Weights, <see cref="Stride"/> per output index.</summary>
    public double[] Weights { get; }

    public int Stride { get; }

    public ReadOnlySpan<double> WeightsOf(int output) => Weights.AsSpan(output * Stride, Counts[output]);

    public static ResampleKernel Create(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = Support * filterScale;
        var stride = ((int)Math.Ceiling(support) * 2) + 1;
        var starts = new int[outSize];
        var counts = new int[outSize];
        var weights = new double[outSize * stride];
        var inverseFilterScale = 1.0 / filterScale;

        for (var i = 0; i < outSize; i++)
        {
            var center = (i + 0.5) * scale;

            // Truncation toward zero mirrors Pillow's (int) casts, which decide which edge taps exist.
            var min = Math.Max((int)(center - support + 0.5), 0);
            var max = Math.Min((int)(center + support + 0.5), inSize);
            var count = Math.Min(max - min, stride);
            var row = weights.AsSpan(i * stride, stride);
            var total = 0.0;
            for (var k = 0; k < count; k++)
            {
                var w = Cubic((k + min - center + 0.5) * inverseFilterScale);
                row[k] = w;
                total += w;
            }

            if (total != 0.0)
            {
                for (var k = 0; k < count; k++)
                {
                    row[k] /= total;
                }
            }

            starts[i] = min;
            counts[i] = count;
        }

        return new ResampleKernel(starts, counts, weights, stride);
    }

    private static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1.0;
        }

        if (x < 2.0)
        {
            return ((((x - 5.0) * x) + 8.0) * x - 4.0) * a;
        }

        return 0.0;
    }
}
