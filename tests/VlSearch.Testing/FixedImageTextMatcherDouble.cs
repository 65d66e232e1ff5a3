using VlSearch.Core;
using VlSearch.Core.Matching;

namespace VlSearch.Testing;

/// <summary>
/// A deterministic test double of an image–text matcher: feature token t of an image holds its mean colour per channel
/// plus t, so stored features can be checked against the photo's colour. Counts the images it extracted, and can be
/// told to fail.
/// </summary>
public sealed class FixedImageTextMatcherDouble(string id = "fixed-itm") : IImageTextMatcher
{
    private int images;
    private int calls;

    public string Id { get; } = id;

    public PreprocessSpec Preprocess { get; } = new()
    {
        ResizeTo = 8,
        CropHeight = 8,
        CropWidth = 8,
        Mode = ResizeMode.Squash,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    public int FeatureTokens => 2;

    public int FeatureWidth => 3;

    public ExecutionDevice Device => ExecutionDevice.Cpu;

    /// <summary>Images run through the vision graph so far.</summary>
    public int Images => Volatile.Read(ref images);

    /// <summary>Calls of <see cref="ExtractFeatures"/> so far.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>When set, <see cref="ExtractFeatures"/> throws.</summary>
    public bool Fail { get; set; }

    /// <summary>Runs before each extraction; tests cancel runs from here.</summary>
    public Action<int>? BeforeExtract { get; set; }

    public void ExtractFeatures(ReadOnlySpan<float> pixels, int count, Span<float> destination)
    {
        BeforeExtract?.Invoke(Calls);
        Interlocked.Increment(ref calls);
        if (Fail)
        {
            throw new InvalidOperationException("the vision graph is broken");
        }

        Interlocked.Add(ref images, count);
        var plane = Preprocess.CropHeight * Preprocess.CropWidth;
        var length = FeatureTokens * FeatureWidth;
        for (var i = 0; i < count; i++)
        {
            var image = pixels.Slice(i * Preprocess.TensorLength, Preprocess.TensorLength);
            var features = destination.Slice(i * length, length);
            for (var c = 0; c < 3; c++)
            {
                var sum = 0f;
                foreach (var value in image.Slice(c * plane, plane))
                {
                    sum += value;
                }

                for (var t = 0; t < FeatureTokens; t++)
                {
                    features[(t * FeatureWidth) + c] = (sum / plane) + t;
                }
            }
        }
    }

    public void Match(string text, ReadOnlySpan<float> features, int count, Span<float> probabilities)
    {
        // The probability is the image's first feature value, clamped: deterministic and distinct per colour.
        for (var i = 0; i < count; i++)
        {
            probabilities[i] = Math.Clamp(features[i * FeatureTokens * FeatureWidth], 0f, 1f);
        }
    }

    public void Dispose()
    {
    }
}
