using VlSearch.Core;

namespace VlSearch.Onnx.Tagging;

/// <summary>
/// Pixel pipelines of the detectors: a bilinear resize (half-pixel centres, as PIL and torchvision sample) into an
/// NCHW float tensor with rescale and per-channel normalisation, and YOLO's letterbox (aspect kept, centred, grey pad).
/// </summary>
internal static class DetectorPixels
{
    /// <summary>Grey YOLO exports are trained to see around a letterboxed image (114 of 255).</summary>
    public const float LetterboxFill = 114f;

    /// <summary>Resizes <paramref name="image"/> to <paramref name="width"/> × <paramref name="height"/> and writes NCHW floats.</summary>
    public static void Resize(RgbImage image, int width, int height, float rescale, IReadOnlyList<float> mean, IReadOnlyList<float> std, Span<float> destination)
    {
        Draw(image, width, height, 0, 0, width, height, rescale, mean, std, fill: 0f, destination);
    }

    /// <summary>
    /// Letterboxes <paramref name="image"/> into a <paramref name="width"/> × <paramref name="height"/> canvas (0–1 values)
    /// and returns where the image landed, so boxes can be mapped back.
    /// </summary>
    public static Letterbox LetterboxInto(RgbImage image, int width, int height, Span<float> destination)
    {
        var scale = Math.Min((float)width / image.Width, (float)height / image.Height);
        var innerWidth = Math.Clamp((int)MathF.Round(image.Width * scale), 1, width);
        var innerHeight = Math.Clamp((int)MathF.Round(image.Height * scale), 1, height);
        var left = (width - innerWidth) / 2;
        var top = (height - innerHeight) / 2;
        Draw(image, width, height, left, top, innerWidth, innerHeight, 1f / 255f, [0f, 0f, 0f], [1f, 1f, 1f], LetterboxFill, destination);
        return new Letterbox(left, top, innerWidth, innerHeight);
    }

    /// <summary>
    /// Draws the image into the rectangle (<paramref name="left"/>, <paramref name="top"/>, <paramref name="innerWidth"/>,
    /// <paramref name="innerHeight"/>) of a canvas whose other pixels hold <paramref name="fill"/> (0–255 scale).
    /// </summary>
    public static void Draw(RgbImage image, int width, int height, int left, int top, int innerWidth, int innerHeight,
        float rescale, IReadOnlyList<float> mean, IReadOnlyList<float> std, float fill, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.Validate();
        var plane = width * height;
        if (destination.Length < 3 * plane)
        {
            throw new ArgumentException($"A {width}x{height} image needs {3 * plane} floats, got {destination.Length}.", nameof(destination));
        }

        Span<float> scale = [rescale / std[0], rescale / std[1], rescale / std[2]];
        Span<float> shift = [mean[0] / std[0], mean[1] / std[1], mean[2] / std[2]];
        for (var c = 0; c < 3; c++)
        {
            destination.Slice(c * plane, plane).Fill((fill * scale[c]) - shift[c]);
        }

        var pixels = image.Pixels;
        var sx = (float)image.Width / innerWidth;
        var sy = (float)image.Height / innerHeight;
        for (var y = 0; y < innerHeight; y++)
        {
            var fy = Math.Clamp(((y + 0.5f) * sy) - 0.5f, 0f, image.Height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, image.Height - 1);
            var wy = fy - y0;
            for (var x = 0; x < innerWidth; x++)
            {
                var fx = Math.Clamp(((x + 0.5f) * sx) - 0.5f, 0f, image.Width - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, image.Width - 1);
                var wx = fx - x0;
                var target = ((top + y) * width) + left + x;
                for (var c = 0; c < 3; c++)
                {
                    var a = pixels[(((y0 * image.Width) + x0) * 3) + c];
                    var b = pixels[(((y0 * image.Width) + x1) * 3) + c];
                    var d = pixels[(((y1 * image.Width) + x0) * 3) + c];
                    var e = pixels[(((y1 * image.Width) + x1) * 3) + c];
                    var value = ((a + ((b - a) * wx)) * (1 - wy)) + ((d + ((e - d) * wx)) * wy);
                    destination[(c * plane) + target] = (value * scale[c]) - shift[c];
                }
            }
        }
    }

    /// <summary>Where a letterboxed image lies inside the model's input, in input pixels.</summary>
    public readonly record struct Letterbox(int Left, int Top, int Width, int Height);
}
