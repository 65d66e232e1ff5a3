using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary>
/// Generated photos with the edits people make to copies of a shot: resized to half, cropped to the central 80 %,
/// re-saved at JPEG quality 40, brightened, mirrored. The duplicate threshold is calibrated on these.
/// </summary>
public static class EditedCopies
{
    /// <summary>The edits, in the order of <see cref="EditedPhotoSet.Copies"/>.</summary>
    public static IReadOnlyList<string> Edits { get; } = ["resize", "crop", "jpeg40", "brightness", "mirror"];

    private const int Edge = 672;

    /// <summary>Writes <paramref name="count"/> originals (672×672 JPEG) and five edited copies of each into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<EditedPhotoSet> Write(string folder, int count, int seed, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var scenes = SceneGenerator.WriteLibrary(folder, count, seed).Select(f => Path.Combine(folder, f.File)).ToList();
        var sets = new EditedPhotoSet[scenes.Count];
        Parallel.For(0, scenes.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var random = new Random(seed * 7919 + i);
            using var image = Image.Load<Rgb24>(scenes[i]);
            image.Mutate(x => x.Resize(Edge, Edge, KnownResamplers.Bicubic));

            // Sensor-like noise, so that two photos are never pixel-identical by accident.
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
            var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(scenes[i]));
            var original = stem + ".jpg";
            image.SaveAsJpeg(original, new JpegEncoder { Quality = 90 });
            File.Delete(scenes[i]);

            var copies = new List<string>();
            void Save(string edit, Action<IImageProcessingContext>? mutate, int quality = 90)
            {
                using var copy = image.Clone(x => mutate?.Invoke(x));
                var path = $"{stem}-{edit}.jpg";
                copy.SaveAsJpeg(path, new JpegEncoder { Quality = quality });
                copies.Add(path);
            }

            Save("resize", x => x.Resize(Edge / 2, Edge / 2, KnownResamplers.Bicubic));
            var cropped = (int)(Edge * 0.8);
            Save("crop", x => x.Crop(new Rectangle((Edge - cropped) / 2, (Edge - cropped) / 2, cropped, cropped)));
            Save("jpeg40", null, quality: 40);
            Save("brightness", x => x.Brightness(1.25f));
            Save("mirror", x => x.Flip(FlipMode.Horizontal));
            sets[i] = new EditedPhotoSet(original, copies);
        });
        // The generator's caption and query lists describe the PNGs that were replaced.
        File.Delete(Path.Combine(folder, "captions.json"));
        File.Delete(Path.Combine(folder, "queries.json"));

        return sets;
    }

    private static byte Noisy(byte value, Random random) => (byte)Math.Clamp(value + random.Next(-6, 7), 0, 255);
}
