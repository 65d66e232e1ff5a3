using VlSearch.Core;

namespace VlSearch.Imaging.Tests;

/// <summary>
/// A deliberately plain restatement of the CLIP preprocessing recipe, written from the formulas: Hugging Face's
/// output size, Pillow's antialiased bicubic (a = -0.5, support 2 × downscale factor, 8-bit fixed-point rounding after each
/// pass, horizontal pass first), the center crop offsets of either convention, then rescale and normalize. Every output value
/// is computed from scratch with doubles; speed is irrelevant here.
/// </summary>
internal static class ReferencePreprocessor
{
    public static double[] Run(RgbImage image, PreprocessSpec spec)
    {
        int newWidth, newHeight;
        if (spec.Mode == ResizeMode.Squash)
        {
            newWidth = spec.CropWidth;
            newHeight = spec.CropHeight;
        }
        else if (image.Width <= image.Height)
        {
            newWidth = spec.ResizeTo;
            newHeight = (int)Math.Floor(spec.ResizeTo * (double)image.Height / image.Width);
        }
        else
        {
            newHeight = spec.ResizeTo;
            newWidth = (int)Math.Floor(spec.ResizeTo * (double)image.Width / image.Height);
        }

        // Horizontal pass over every row, then vertical pass over every column: byte results each time.
        var wide = new byte[image.Height, newWidth, 3];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < newWidth; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    wide[y, x, c] = Sample(image.Width, newWidth, x, i => image.Pixels[((y * image.Width) + i) * 3 + c]);
                }
            }
        }

        var resized = new byte[newHeight, newWidth, 3];
        for (var y = 0; y < newHeight; y++)
        {
            for (var x = 0; x < newWidth; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    resized[y, x, c] = Sample(image.Height, newHeight, y, i => wide[i, x, c]);
                }
            }
        }

        var top = CropStart(newHeight, spec.CropHeight, spec.CropStyle);
        var left = CropStart(newWidth, spec.CropWidth, spec.CropStyle);
        var output = new double[3 * spec.CropHeight * spec.CropWidth];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < spec.CropHeight; y++)
            {
                for (var x = 0; x < spec.CropWidth; x++)
                {
                    var sy = top + y;
                    var sx = left + x;
                    double value = sy >= 0 && sy < newHeight && sx >= 0 && sx < newWidth ? resized[sy, sx, c] : 0;
                    output[(c * spec.CropHeight * spec.CropWidth) + (y * spec.CropWidth) + x] =
                        ((value * spec.RescaleFactor) - spec.Mean[c]) / spec.Std[c];
                }
            }
        }

        return output;
    }

    private static byte Sample(int inSize, int outSize, int index, Func<int, double> pixel)
    {
        var scale = (double)inSize / outSize;
        var stretch = Math.Max(scale, 1.0);
        var radius = 2.0 * stretch;
        var center = (index + 0.5) * scale;
        var first = Math.Max(0, (int)Math.Floor(center - radius + 0.5));
        var end = Math.Min(inSize, (int)Math.Floor(center + radius + 0.5));
        double weights = 0;
        for (var i = first; i < end; i++)
        {
            weights += Cubic((i - center + 0.5) / stretch);
        }

        // Pillow's 8-bit arithmetic: each normalized weight to 22 fraction bits (half away from zero, truncated),
        // an integer sum plus half, the fraction shifted out.
        const long one = 1L << 22;
        long sum = one / 2;
        for (var i = first; i < end; i++)
        {
            var w = Cubic((i - center + 0.5) / stretch) / weights;
            var fixedPoint = (long)(w < 0 ? -0.5 + (w * one) : 0.5 + (w * one));
            sum += fixedPoint * (long)pixel(i);
        }

        var value = sum >> 22;
        return (byte)Math.Clamp(value, 0, 255);
    }

    private static double Cubic(double t)
    {
        t = Math.Abs(t);
        if (t < 1)
        {
            return (1.5 * t * t * t) - (2.5 * t * t) + 1;
        }

        if (t < 2)
        {
            return (-0.5 * t * t * t) + (2.5 * t * t) - (4 * t) + 2;
        }

        return 0;
    }

    /// <summary>
    /// torchvision: int(round((size - crop) / 2)) with round-half-to-even; when the crop is larger, the image sits
    /// after (crop - size) // 2 padding. Hugging Face: (size - crop) // 2 in Python's floor division, which for a
    /// larger crop is the same as padding by ceil((crop - size) / 2).
    /// </summary>
    private static int CropStart(int size, int crop, CenterCropStyle style)
    {
        if (style == CenterCropStyle.HuggingFace)
        {
            var margin = size - crop;
            return margin >= 0 ? margin / 2 : -((-margin + 1) / 2);
        }

        return size >= crop ? (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven) : -((crop - size) / 2);
    }
}
