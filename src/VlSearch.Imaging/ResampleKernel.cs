namespace VlSearch.Imaging;

/// <summary>
/// Per-output-pixel weights of a separable antialiased bicubic resample along one axis, computed as Pillow does
/// for <c>Image.resize(..., BICUBIC)</c>: cubic convolution with a = -0.5, the support widened by the downscale
/// factor so every source pixel contributes, taps clipped at the edges and renormalised to sum to one, then each
/// weight rounded to Pillow's 8-bit fixed point (22 fraction bits, half away from zero).
/// </summary>
/// <remarks>
/// The fixed-point weights are kept as integer-valued doubles: a pass sums byte × weight products, all integers far
/// below 2^53, so the sum is exact in any order and <see cref="ToByte"/> gives Pillow's byte exactly, rather than
/// one level apart where a double sum sits next to a rounding boundary.
/// </remarks>
internal sealed class ResampleKernel
{
    private const double Support = 2.0;

    /// <summary>Pillow's PRECISION_BITS for 8-bit images (32 - 8 - 2).</summary>
    private const int PrecisionBits = 22;

    private const double One = 1 << PrecisionBits;

    private const double Half = 1 << (PrecisionBits - 1);

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

            for (var k = 0; k < count; k++)
            {
                var normalized = total != 0.0 ? row[k] / total : row[k];
                // C's (int) cast truncates toward zero after the half is added away from zero.
                row[k] = Math.Truncate(normalized < 0 ? -0.5 + (normalized * One) : 0.5 + (normalized * One));
            }

            starts[i] = min;
            counts[i] = count;
        }

        return new ResampleKernel(starts, counts, weights, stride);
    }

    /// <summary>
    /// Turns fixed-point sums of one pass into bytes in place: Pillow adds half, shifts the fraction bits out (a floor)
    /// and clamps to 0–255.
    /// </summary>
    public static void ToByte(Span<double> sums)
    {
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] = Math.Clamp(Math.Floor((sums[i] + Half) / One), 0.0, 255.0);
        }
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
