using System.Numerics.Tensors;
using VlSearch.Core;
using VlSearch.Onnx.ResNet18;

namespace VlSearch.Onnx.Tests;

public sealed class LayoutSignatureTests
{
    private const int Side = 224;

    [Fact]
    public void A_mirrored_image_has_the_same_signature()
    {
        var image = Scene(1);

        Assert.Equal(1f, VectorMath.Cosine(Signature(image), Signature(Mirror(image))), 1e-5f);
    }

    [Fact]
    public void Brighter_and_more_contrasted_copies_have_the_same_signature()
    {
        var image = Scene(2);
        var brighter = image.Select(v => v * 0.8f + 30f).ToArray();

        Assert.Equal(1f, VectorMath.Cosine(Signature(image), Signature(brighter)), 1e-4f);
    }

    [Fact]
    public void A_centred_crop_is_closer_to_its_source_than_other_scenes_are()
    {
        var image = Scene(3);
        var crop = Signature(CentredCrop(image, 0.8f));
        var source = VectorMath.Cosine(crop, Signature(image));

        Assert.True(source > 0.8f, $"crop to source: {source}");
        foreach (var seed in Enumerable.Range(10, 20))
        {
            var other = VectorMath.Cosine(crop, Signature(Scene(seed)));
            Assert.True(other < source, $"crop to scene {seed}: {other}, to its source: {source}");
        }
    }

    [Fact]
    public void Signatures_are_unit_length_and_a_flat_image_has_none()
    {
        Assert.Equal(1f, TensorPrimitives.Norm(Signature(Scene(4))), 1e-4f);
        Assert.All(Signature(Enumerable.Repeat(128f, 3 * Side * Side).ToArray()), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Too_small_inputs_are_refused()
    {
        var destination = new float[LayoutSignature.Length];

        Assert.Throws<ArgumentException>(() => LayoutSignature.Compute(new float[10], Side, Side, destination));
        Assert.Throws<ArgumentException>(() => LayoutSignature.Compute(new float[3 * Side * Side], Side, Side, new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayoutSignature.Compute(new float[300], 10, 10, destination));
    }

    [Fact]
    public void The_built_in_model_weighs_features_and_layout_equally()
    {
        using var model = ResNet18Model.Load(new InferenceOptions { Threads = 1 });
        var image = Scene(5);
        var vector = new float[model.Dimension];
        model.Image.Encode(image, 1, vector);

        Assert.Equal(ResNet18Model.FeatureLength + LayoutSignature.Length, model.Dimension);
        Assert.Equal(MathF.Sqrt(0.5f), TensorPrimitives.Norm(vector.AsSpan(0, ResNet18Model.FeatureLength)), 1e-4f);
        var layout = vector.AsSpan(ResNet18Model.FeatureLength).ToArray();
        TensorPrimitives.Divide(layout, MathF.Sqrt(0.5f), layout);
        Assert.Equal(1f, VectorMath.Cosine(layout, Signature(image)), 1e-5f);
    }

    private static float[] Signature(float[] image)
    {
        var signature = new float[LayoutSignature.Length];
        LayoutSignature.Compute(image, Side, Side, signature);
        return signature;
    }

    /// <summary>A CHW picture of a few soft coloured discs on a gradient, different for each seed.</summary>
    private static float[] Scene(int seed)
    {
        var random = new Random(seed);
        var discs = Enumerable.Range(0, 4).Select(_ => (X: random.Next(Side), Y: random.Next(Side), R: 20 + random.Next(50), Colour: new[] { random.Next(256), random.Next(256), random.Next(256) })).ToList();
        var background = new[] { random.Next(256), random.Next(256), random.Next(256) };
        var pixels = new float[3 * Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var value = background[c] * (0.5f + 0.5f * y / Side);
                    foreach (var disc in discs)
                    {
                        var d = MathF.Sqrt((x - disc.X) * (x - disc.X) + (y - disc.Y) * (y - disc.Y));
                        var weight = Math.Clamp((disc.R - d) / 4f, 0f, 1f);
                        value = value * (1 - weight) + disc.Colour[c] * weight;
                    }

                    pixels[c * Side * Side + y * Side + x] = value;
                }
            }
        }

        return pixels;
    }

    private static float[] Mirror(float[] image)
    {
        var mirrored = new float[image.Length];
        for (var row = 0; row < 3 * Side; row++)
        {
            for (var x = 0; x < Side; x++)
            {
                mirrored[row * Side + x] = image[row * Side + Side - 1 - x];
            }
        }

        return mirrored;
    }

    /// <summary>The centred square of <paramref name="fraction"/> of the side, scaled back up bilinearly.</summary>
    private static float[] CentredCrop(float[] image, float fraction)
    {
        var size = Side * fraction;
        var offset = (Side - size) / 2;
        var crop = new float[image.Length];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Side; y++)
            {
                for (var x = 0; x < Side; x++)
                {
                    var sy = offset + (y + 0.5f) * size / Side - 0.5f;
                    var sx = offset + (x + 0.5f) * size / Side - 0.5f;
                    int y0 = (int)sy, x0 = (int)sx, y1 = Math.Min(Side - 1, y0 + 1), x1 = Math.Min(Side - 1, x0 + 1);
                    float fy = sy - y0, fx = sx - x0;
                    var plane = c * Side * Side;
                    crop[plane + y * Side + x] =
                        (1 - fy) * ((1 - fx) * image[plane + y0 * Side + x0] + fx * image[plane + y0 * Side + x1]) +
                        fy * ((1 - fx) * image[plane + y1 * Side + x0] + fx * image[plane + y1 * Side + x1]);
                }
            }
        }

        return crop;
    }
}
