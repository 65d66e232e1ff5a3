using System.Numerics.Tensors;
using VlSearch.Core;

namespace VlSearch.Onnx.ResNet18;

/// <summary>
/// A pixel-layout signature of the network's 224×224 input, appended to the ResNet18 features so that edited copies
/// of one shot score above distinct but alike scenes: ImageNet features describe what is in a picture, and two
/// different photos of similar things score as close as a photo and its re-saved copy.
/// </summary>
/// <remarks>
/// Each of <see cref="Scales"/> is a centred square of the input averaged into a <see cref="Grid"/>×<see cref="Grid"/>
/// colour thumbnail. Summing thumbnails of nested crops makes a cropped copy share most of its terms with its
/// original (the original's 80 % crop is the copy's full frame); averaging each row with its mirror image makes the
/// signature blind to horizontal flips; normalising each channel to zero mean and unit spread removes brightness
/// and contrast changes; the coarse grid ignores resampling and JPEG artefacts.
/// </remarks>
public static class LayoutSignature
{
    /// <summary>Cells per side of each thumbnail.</summary>
    public const int Grid = 12;

    /// <summary>Length of the signature: one thumbnail of three channels.</summary>
    public const int Length = 3 * Grid * Grid;

    /// <summary>Side of the centred crops, as fractions of the input side: each is 80 % of the one before.</summary>
    public static IReadOnlyList<float> Scales { get; } = [1f, 0.8f, 0.64f, 0.512f];

    /// <summary>
    /// Writes the unit-length signature of a CHW image of raw channel values into <paramref name="destination"/>;
    /// zeros when the image is one flat colour.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> pixels, int width, int height, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, Grid);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, Grid);
        if (pixels.Length < 3 * width * height)
        {
            throw new ArgumentException($"A {width}×{height} RGB image needs {3 * width * height} values, got {pixels.Length}.", nameof(pixels));
        }

        if (destination.Length < Length)
        {
            throw new ArgumentException($"The signature needs {Length} floats, got {destination.Length}.", nameof(destination));
        }

        var sums = SummedArea(pixels, width, height);
        var signature = destination[..Length];
        signature.Clear();
        Span<float> thumbnail = stackalloc float[Length];
        var side = Math.Min(width, height);
        foreach (var scale in Scales)
        {
            var size = side * scale;
            Thumbnail(sums, width, height, (width - size) / 2, (height - size) / 2, size, thumbnail);
            MirrorAverage(thumbnail);
            for (var channel = 0; channel < 3; channel++)
            {
                Standardise(thumbnail.Slice(channel * Grid * Grid, Grid * Grid));
            }

            VectorMath.NormalizeInPlace(thumbnail);
            TensorPrimitives.Add(signature, thumbnail, signature);
        }

        VectorMath.NormalizeInPlace(signature);
    }

    /// <summary>Per channel, the sum of every pixel above and left of each position (one extra row and column of zeros).</summary>
    private static double[] SummedArea(ReadOnlySpan<float> pixels, int width, int height)
    {
        var stride = width + 1;
        var plane = stride * (height + 1);
        var sums = new double[3 * plane];
        for (var channel = 0; channel < 3; channel++)
        {
            var source = pixels.Slice(channel * width * height, width * height);
            var target = sums.AsSpan(channel * plane, plane);
            for (var y = 0; y < height; y++)
            {
                double row = 0;
                for (var x = 0; x < width; x++)
                {
                    row += source[y * width + x];
                    target[(y + 1) * stride + x + 1] = target[y * stride + x + 1] + row;
                }
            }
        }

        return sums;
    }

    /// <summary>Averages the square of side <paramref name="size"/> at (<paramref name="left"/>, <paramref name="top"/>) into a grid of cells.</summary>
    private static void Thumbnail(double[] sums, int width, int height, float left, float top, float size, Span<float> thumbnail)
    {
        var stride = width + 1;
        var plane = stride * (height + 1);
        Span<int> xs = stackalloc int[Grid + 1];
        Span<int> ys = stackalloc int[Grid + 1];
        for (var i = 0; i <= Grid; i++)
        {
            xs[i] = Math.Clamp((int)MathF.Round(left + i * size / Grid), 0, width);
            ys[i] = Math.Clamp((int)MathF.Round(top + i * size / Grid), 0, height);
        }

        for (var channel = 0; channel < 3; channel++)
        {
            var s = sums.AsSpan(channel * plane, plane);
            for (var row = 0; row < Grid; row++)
            {
                for (var column = 0; column < Grid; column++)
                {
                    int x0 = xs[column], x1 = Math.Max(xs[column + 1], x0 + 1), y0 = ys[row], y1 = Math.Max(ys[row + 1], y0 + 1);
                    x1 = Math.Min(x1, width);
                    y1 = Math.Min(y1, height);
                    var total = s[y1 * stride + x1] - s[y0 * stride + x1] - s[y1 * stride + x0] + s[y0 * stride + x0];
                    thumbnail[channel * Grid * Grid + row * Grid + column] = (float)(total / Math.Max(1, (x1 - x0) * (y1 - y0)));
                }
            }
        }
    }

    private static void MirrorAverage(Span<float> thumbnail)
    {
        for (var row = 0; row < 3 * Grid; row++)
        {
            var cells = thumbnail.Slice(row * Grid, Grid);
            for (var column = 0; column < Grid / 2; column++)
            {
                var mean = (cells[column] + cells[Grid - 1 - column]) / 2;
                cells[column] = mean;
                cells[Grid - 1 - column] = mean;
            }
        }
    }

    private static void Standardise(Span<float> cells)
    {
        var mean = TensorPrimitives.Sum(cells) / cells.Length;
        TensorPrimitives.Subtract(cells, mean, cells);
        var spread = TensorPrimitives.Norm(cells) / MathF.Sqrt(cells.Length);

        // A flat channel carries no layout; dividing by its near-zero spread would only amplify noise.
        if (spread < 1e-3f)
        {
            cells.Clear();
            return;
        }

        TensorPrimitives.Divide(cells, spread, cells);
    }
}
