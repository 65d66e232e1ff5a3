using VlSearch.Core;

namespace VlSearch.Training;

/// <summary>
/// Normalizes a 224×224 raster the way the model's preprocessing does and averages it over 4×4 blocks — exactly
/// what the exported graph's first AveragePool computes, done once per scene instead of once per step.
/// </summary>
internal static class PixelPooling
{
    public static void Pool(RgbImage image, PreprocessSpec spec, Span<float> destination)
    {
        const int k = NetworkShape.InputPool;
        const int side = NetworkShape.PooledSize;
        if (image.Width != SceneGenerator.ImageSize || image.Height != SceneGenerator.ImageSize)
        {
            throw new ArgumentException($"Scenes are {SceneGenerator.ImageSize}×{SceneGenerator.ImageSize}.", nameof(image));
        }

        for (var c = 0; c < 3; c++)
        {
            var scale = spec.RescaleFactor / spec.Std[c];
            var shift = spec.Mean[c] / spec.Std[c];
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < k; dy++)
                    {
                        var p = ((((y * k) + dy) * image.Width) + (x * k)) * 3;
                        for (var dx = 0; dx < k; dx++)
                        {
                            sum += image.Pixels[p + (dx * 3) + c];
                        }
                    }

                    destination[(((c * side) + y) * side) + x] = (sum * scale / (k * k)) - shift;
                }
            }
        }
    }
}
