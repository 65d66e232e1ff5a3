using VlSearch.Core.Tagging;

namespace VlSearch.Onnx.Tagging;

/// <summary>The arithmetic detectors share: class scores, box conversion and class-wise non-maximum suppression.</summary>
public static class DetectorDecoding
{
    /// <summary>The logistic function, without overflow for any finite input.</summary>
    public static float Sigmoid(float x) => x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));

    /// <summary>Softmax of <paramref name="logits"/> into <paramref name="destination"/> (same length).</summary>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> destination)
    {
        var max = float.NegativeInfinity;
        foreach (var value in logits)
        {
            max = Math.Max(max, value);
        }

        var total = 0f;
        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] = MathF.Exp(logits[i] - max);
            total += destination[i];
        }

        for (var i = 0; i < logits.Length; i++)
        {
            destination[i] /= total;
        }
    }

    /// <summary>A centre-size box (any unit) as a top-left box relative to an extent, clipped to [0, 1].</summary>
    public static RelativeBox FromCenter(float cx, float cy, float width, float height, float extentX = 1f, float extentY = 1f)
    {
        var left = Math.Clamp((cx - (width / 2)) / extentX, 0f, 1f);
        var top = Math.Clamp((cy - (height / 2)) / extentY, 0f, 1f);
        var right = Math.Clamp((cx + (width / 2)) / extentX, 0f, 1f);
        var bottom = Math.Clamp((cy + (height / 2)) / extentY, 0f, 1f);
        return new RelativeBox(left, top, Math.Max(0f, right - left), Math.Max(0f, bottom - top));
    }

    /// <summary>
    /// Class-wise non-maximum suppression: best first, an object is dropped when it overlaps an already kept object of
    /// the same label with IoU above <paramref name="iouThreshold"/>; objects of different labels never suppress each other.
    /// </summary>
    public static IReadOnlyList<DetectedObject> SuppressOverlaps(IEnumerable<DetectedObject> objects, float iouThreshold)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var kept = new List<DetectedObject>();
        foreach (var candidate in objects.OrderByDescending(o => o.Score))
        {
            var overlapped = kept.Any(k => string.Equals(k.Label, candidate.Label, StringComparison.Ordinal)
                && k.Box.IntersectionOverUnion(candidate.Box) > iouThreshold);
            if (!overlapped)
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }
}
