using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VlSearch.Core;

namespace VlSearch.ModelHub.Tests;

internal static class TestPreprocessor
{
    public static void Preprocess(RgbImage source, PreprocessSpec spec, Span<float> destination)
    {
        using var image = Image.LoadPixelData<Rgb24>(source.Pixels, source.Width, source.Height);
        var scale = (double)spec.ResizeTo / Math.Min(image.Width, image.Height);
        var w = Math.Max(spec.CropWidth, (int)Math.Round(image.Width * scale));
        var h = Math.Max(spec.CropHeight, (int)Math.Round(image.Height * scale));
        image.Mutate(x => x.Resize(w, h, KnownResamplers.Bicubic).Crop(new Rectangle((w - spec.CropWidth) / 2, (h - spec.CropHeight) / 2, spec.CropWidth, spec.CropHeight)));
        var pixels = new Rgb24[spec.CropWidth * spec.CropHeight];
        image.CopyPixelDataTo(pixels);
        var plane = spec.CropWidth * spec.CropHeight;
        for (var i = 0; i < plane; i++)
        {
            destination[i] = (pixels[i].R * spec.RescaleFactor - spec.Mean[0]) / spec.Std[0];
            destination[plane + i] = (pixels[i].G * spec.RescaleFactor - spec.Mean[1]) / spec.Std[1];
            destination[2 * plane + i] = (pixels[i].B * spec.RescaleFactor - spec.Mean[2]) / spec.Std[2];
        }
    }
}
