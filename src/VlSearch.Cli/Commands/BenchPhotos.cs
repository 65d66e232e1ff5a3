using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary>
/// Photo-sized JPEGs for benchmarks run without a folder of photos: generated scenes enlarged to 2048×1536 with
/// sensor-like noise, so that decoding costs about what it costs on camera photos (a 224-pixel PNG would make the
/// pipeline's fixed costs look like its throughput).
/// </summary>
internal static class BenchPhotos
{
    private const int Width = 2048;
    private const int Height = 1536;

    public static List<string> Write(string folder, int count, CancellationToken cancellationToken)
    {
        var scenes = SceneGenerator.WriteLibrary(folder, count, 11).Select(f => Path.Combine(folder, f.File)).ToList();
        var photos = new string[scenes.Count];
        Parallel.For(0, scenes.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var random = new Random(1000 + i);
            using var image = Image.Load<Rgb24>(scenes[i]);
            image.Mutate(x => x.Resize(Width, Height, KnownResamplers.Bicubic));
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    foreach (ref var pixel in rows.GetRowSpan(y))
                    {
                        pixel = new Rgb24(Noisy(pixel.R, random), Noisy(pixel.G, random), Noisy(pixel.B, random));
                    }
                }
            });
            photos[i] = Path.ChangeExtension(scenes[i], ".jpg");
            image.SaveAsJpeg(photos[i], new JpegEncoder { Quality = 90 });
            File.Delete(scenes[i]);
        });
        return [.. photos];
    }

    private static byte Noisy(byte value, Random random) => (byte)Math.Clamp(value + random.Next(-6, 7), 0, 255);
}
