using VlSearch.Core;

namespace VlSearch.Indexing.Tests;

/// <summary>
/// A deterministic stand-in for an image tower: the vector is the mean colour of the input, normalised, so photos of
/// one colour share a direction. Counts its calls and the images it encoded.
/// </summary>
public sealed class FakeMeanColourEncoder : IImageEncoder
{
    private int calls;
    private int images;

    public int Dimension => 3;

    public PreprocessSpec Preprocess { get; } = new()
    {
        ResizeTo = 8,
        CropHeight = 8,
        CropWidth = 8,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    public int ConcurrentCalls => 1;

    /// <summary>Encoder calls so far.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Images encoded so far, over all calls.</summary>
    public int Images => Volatile.Read(ref images);

    public void Encode(ReadOnlySpan<float> pixels, int count, Span<float> destination)
    {
        Interlocked.Increment(ref calls);
        Interlocked.Add(ref images, count);
        var plane = Preprocess.CropHeight * Preprocess.CropWidth;
        for (var i = 0; i < count; i++)
        {
            var image = pixels.Slice(i * Preprocess.TensorLength, Preprocess.TensorLength);
            var vector = destination.Slice(i * Dimension, Dimension);
            for (var c = 0; c < 3; c++)
            {
                var sum = 0f;
                foreach (var value in image.Slice(c * plane, plane))
                {
                    sum += value;
                }

                // Never all zero, so black still normalises.
                vector[c] = (sum / plane) + 1e-3f;
            }

            var length = MathF.Sqrt((vector[0] * vector[0]) + (vector[1] * vector[1]) + (vector[2] * vector[2]));
            for (var c = 0; c < 3; c++)
            {
                vector[c] /= length;
            }
        }
    }
}
