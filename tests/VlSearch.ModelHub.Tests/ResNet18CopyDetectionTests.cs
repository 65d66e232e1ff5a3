using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using VlSearch.Core;
using VlSearch.Imaging;
using VlSearch.Onnx.ResNet18;
using Xunit.Abstractions;

namespace VlSearch.ModelHub.Tests;

public sealed class ResNet18CopyDetectionTests : IDisposable
{
    // Photos larger than this are scaled down first: the edits stay meaningful and the test stays fast.
    private const int WorkingEdge = 1280;

    private static readonly string[] Edits = ["half-size", "center-crop-80", "jpeg-q40", "brighter-15", "mirrored"];

    private readonly ITestOutputHelper _output;
    private readonly string _work = Directory.CreateTempSubdirectory("vlsearch-copies-").FullName;

    public ResNet18CopyDetectionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [PhotosFact]
    public void Edited_copies_rank_their_own_original_first()
    {
        var files = Directory.EnumerateFiles(PhotosFactAttribute.Folder, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetExtension(p).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp")
            .Order(StringComparer.Ordinal)
            .ToList();
        var made = new (string Original, string[] Copies, byte[] Thumbprint)[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => made[i] = MakeOriginalAndCopies(files[i], i));

        // Wallpaper packages also ship alpha-only overlays (white pixels, pattern in the alpha channel) that decode
        // to a blank raster: they are not photos, and no image model can tell blank images apart.
        var keep = Enumerable.Range(0, files.Count).Where(i => made[i].Thumbprint.Max() - made[i].Thumbprint.Min() >= 8).ToList();
        foreach (var blank in Enumerable.Range(0, files.Count).Except(keep))
        {
            _output.WriteLine($"skipped (blank once decoded): {Path.GetFileName(files[blank])}");
        }

        var sources = keep.Select(i => files[i]).ToList();
        var originals = keep.Select(i => made[i].Original).ToArray();
        var copies = keep.Select(i => made[i].Copies).ToArray();
        var thumbprints = keep.Select(i => made[i].Thumbprint).ToArray();
        Assert.True(sources.Count >= 10, $"Need at least 10 photos in {PhotosFactAttribute.Folder}, found {sources.Count}.");

        // Some packages ship one picture at several resolutions; those originals count as the same photo.
        var group = GroupNearIdentical(thumbprints);

        using var model = ResNet18Model.Load(new InferenceOptions { Threads = 2 });
        var originalVectors = Embed(model, originals);
        var copyVectors = copies.Select(c => Embed(model, c)).ToArray();

        var hits = 0;
        var total = 0;
        var misses = new List<string>();
        for (var photo = 0; photo < sources.Count; photo++)
        {
            for (var edit = 0; edit < Edits.Length; edit++)
            {
                var query = copyVectors[photo][edit];
                var best = (Score: float.NegativeInfinity, Photo: -1, IsCopy: false);
                for (var other = 0; other < sources.Count; other++)
                {
                    var score = VectorMath.Cosine(query, originalVectors[other]);
                    if (score > best.Score)
                    {
                        best = (score, other, false);
                    }

                    if (group[other] == group[photo])
                    {
                        continue;
                    }

                    foreach (var candidate in copyVectors[other])
                    {
                        score = VectorMath.Cosine(query, candidate);
                        if (score > best.Score)
                        {
                            best = (score, other, true);
                        }
                    }
                }

                total++;
                if (!best.IsCopy && group[best.Photo] == group[photo])
                {
                    hits++;
                }
                else
                {
                    misses.Add($"{Path.GetFileName(sources[photo])} [{Edits[edit]}] -> {Path.GetFileName(sources[best.Photo])}{(best.IsCopy ? " (a copy)" : "")} at {best.Score:0.000}");
                }
            }
        }

        var rate = (double)hits / total;
        _output.WriteLine($"{sources.Count} photos ({group.Distinct().Count()} distinct), {total} copies, original ranked first for {hits} ({rate:P1}).");
        foreach (var miss in misses)
        {
            _output.WriteLine("miss: " + miss);
        }

        Assert.True(rate >= 0.95, $"Only {hits}/{total} copies ranked their original first:\n{string.Join("\n", misses)}");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private (string Original, string[] Copies, byte[] Thumbprint) MakeOriginalAndCopies(string source, int index)
    {
        // Decoded as the application decodes photos (orientation, alpha), then edited like a person would.
        var decoded = new PhotoDecoder().Decode(source, 0).Image;
        using var image = Image.LoadPixelData<Rgb24>(decoded.Pixels, decoded.Width, decoded.Height);
        if (Math.Max(image.Width, image.Height) > WorkingEdge)
        {
            image.Mutate(x => x.Resize(new ResizeOptions { Size = new Size(WorkingEdge, WorkingEdge), Mode = SixLabors.ImageSharp.Processing.ResizeMode.Max }));
        }

        var original = Path.Combine(_work, $"{index:000}-original.jpg");
        image.SaveAsJpeg(original, new JpegEncoder { Quality = 95 });

        var copies = new string[Edits.Length];
        for (var e = 0; e < Edits.Length; e++)
        {
            copies[e] = Path.Combine(_work, $"{index:000}-{Edits[e]}.jpg");
            using var copy = image.Clone(x => Apply(x, Edits[e], image.Width, image.Height));
            copy.SaveAsJpeg(copies[e], new JpegEncoder { Quality = Edits[e] == "jpeg-q40" ? 40 : 90 });
        }

        using var thumb = image.Clone(x => x.Resize(16, 16).Grayscale());
        var gray = new Rgb24[16 * 16];
        thumb.CopyPixelDataTo(gray);

        return (original, copies, gray.Select(p => p.R).ToArray());
    }

    private static void Apply(IImageProcessingContext x, string edit, int width, int height)
    {
        switch (edit)
        {
            case "half-size":
                x.Resize(Math.Max(1, width / 2), Math.Max(1, height / 2));
                break;
            case "center-crop-80":
                var w = (int)(width * 0.8);
                var h = (int)(height * 0.8);
                x.Crop(new Rectangle((width - w) / 2, (height - h) / 2, w, h));
                break;
            case "jpeg-q40":
                break;
            case "brighter-15":
                x.Brightness(1.15f);
                break;
            case "mirrored":
                x.Flip(FlipMode.Horizontal);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(edit), edit, null);
        }
    }

    private static int[] GroupNearIdentical(byte[][] thumbprints)
    {
        var group = Enumerable.Range(0, thumbprints.Length).ToArray();
        for (var i = 0; i < thumbprints.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var difference = thumbprints[i].Zip(thumbprints[j], (a, b) => Math.Abs(a - b)).Average();
                if (difference < 3)
                {
                    group[i] = group[j];
                    break;
                }
            }
        }

        return group;
    }

    private static float[][] Embed(ResNet18Model model, IReadOnlyList<string> files)
    {
        var decoder = new PhotoDecoder();
        var preprocessor = new ImagePreprocessor();
        var spec = model.Image.Preprocess;
        var pixels = new float[files.Count * spec.TensorLength];
        for (var i = 0; i < files.Count; i++)
        {
            var photo = decoder.Decode(files[i], spec.MinimumDecodeEdge);
            preprocessor.Preprocess(photo.Image, spec, pixels.AsSpan(i * spec.TensorLength, spec.TensorLength));
        }

        var vectors = new float[files.Count * model.Dimension];
        model.Image.Encode(pixels, files.Count, vectors);
        return Enumerable.Range(0, files.Count).Select(i => vectors.AsSpan(i * model.Dimension, model.Dimension).ToArray()).ToArray();
    }
}
