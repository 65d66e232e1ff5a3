using VlSearch.Core;
using VlSearch.Core.Matching;

namespace VlSearch.Indexing.Tests.Reranking;

/// <summary>
/// A small deterministic test double of an image–text matcher. An image's features are its mean red, green and blue
/// (0 to 1), twice (two feature tokens of width 3). The match probability of a text is the feature of the colour it
/// names (red, green or blue; red when it names none), so a test knows every probability.
/// </summary>
public sealed class ColourMatcherDouble : IImageTextMatcher
{
    public string Id { get; init; } = "colour-matcher-double";

    public PreprocessSpec Preprocess { get; } = new()
    {
        ResizeTo = 8,
        CropHeight = 8,
        CropWidth = 8,
        Mode = ResizeMode.Squash,
        CenterCrop = false,
        Mean = [0, 0, 0],
        Std = [1, 1, 1],
    };

    public int FeatureTokens => 2;

    public int FeatureWidth => 3;

    public int FeatureLength => FeatureTokens * FeatureWidth;

    public ExecutionDevice Device => ExecutionDevice.Cpu;

    /// <summary>When set, <see cref="Match"/> throws it (a model that fails at query time).</summary>
    public Exception? FailWith { get; set; }

    public int ExtractedImages { get; private set; }

    public List<string> Texts { get; } = [];

    public bool Disposed { get; private set; }

    public void ExtractFeatures(ReadOnlySpan<float> pixels, int count, Span<float> destination)
    {
        var plane = Preprocess.CropHeight * Preprocess.CropWidth;
        for (var i = 0; i < count; i++)
        {
            var image = pixels.Slice(i * Preprocess.TensorLength, Preprocess.TensorLength);
            for (var c = 0; c < 3; c++)
            {
                var sum = 0f;
                foreach (var value in image.Slice(c * plane, plane))
                {
                    sum += value;
                }

                destination[(i * FeatureLength) + c] = sum / plane;
                destination[(i * FeatureLength) + 3 + c] = sum / plane;
            }
        }

        ExtractedImages += count;
    }

    public void Match(string text, ReadOnlySpan<float> features, int count, Span<float> probabilities)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        Texts.Add(text);
        var channel = text.Contains("green", StringComparison.Ordinal) ? 1 : text.Contains("blue", StringComparison.Ordinal) ? 2 : 0;
        for (var i = 0; i < count; i++)
        {
            probabilities[i] = Math.Clamp(features[(i * FeatureLength) + channel], 0, 1);
        }
    }

    /// <summary>Features of a photo of one colour, as <see cref="ExtractFeatures"/> computes them.</summary>
    public static float[] Colour(float r, float g, float b) => [r, g, b, r, g, b];

    public void Dispose() => Disposed = true;
}
