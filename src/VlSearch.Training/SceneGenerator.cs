using System.Text;
using System.Text.Json;
using VlSearch.Core;

namespace VlSearch.Training;

/// <summary>
/// Deterministic generator of captioned synthetic scenes: shapes of several colours, sizes, counts and positions on
/// textured backgrounds, captioned by a small grammar with paraphrases. Every scene is a pure function of
/// (seed, split, index). Splits are assigned by hashing the scene's canonical description, so no description (and
/// hence no image) appears in two splits, whatever the seed.
/// </summary>
public sealed class SceneGenerator
{
    /// <summary>Scenes are rendered at the CLIP input size, so inference preprocessing is only a normalization.</summary>
    public const int ImageSize = 224;

    private const int SplitBuckets = 20;

    private static readonly RgbImage Blank = new(1, 1, new byte[3]);

    /// <summary>Creates a generator; the same seed always yields the same scenes.</summary>
    public SceneGenerator(int seed) => Seed = seed;

    public int Seed { get; }

    /// <summary>The split a canonical scene key belongs to: 5% test, 5% validation, 90% train.</summary>
    public static SceneSplit SplitOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (Rng.Hash(key) % SplitBuckets) switch
        {
            0 => SceneSplit.Test,
            1 => SceneSplit.Validation,
            _ => SceneSplit.Train,
        };
    }

    /// <summary>Scene number <paramref name="index"/> of <paramref name="split"/>.</summary>
    public GeneratedScene Generate(SceneSplit split, long index) => Generate(split, index, render: true);

    private GeneratedScene Generate(SceneSplit split, long index, bool render)
    {
        var rng = new Rng(Seed, (int)split + 1, index);
        while (true)
        {
            var layout = split == SceneSplit.Shift ? SampleShift(ref rng) : Sample(ref rng);
            if (layout is null || (split != SceneSplit.Shift && SplitOf(layout.Key) != split))
            {
                continue;
            }

            // The caption is drawn before the pixels so that captions alone can be regenerated cheaply.
            var caption = Caption(layout, ref rng);
            var key = layout.Key;
            if (!render)
            {
                return new GeneratedScene(Blank, caption, key, layout.Label);
            }

            var palette = split == SceneSplit.Shift ? SceneVocabulary.ShiftColorRgb : SceneVocabulary.ColorRgb;
            var image = SceneRenderer.Render(layout, palette, ref rng);
            return new GeneratedScene(image, caption, key, layout.Label);
        }
    }

    /// <summary>
    /// A scene of one chosen object (colour and shape indices of the scene vocabulary, and its size) on a chosen
    /// background (tone and texture indices); where it stands is drawn from <paramref name="index"/>, so photo
    /// libraries can file the same subject in many places.
    /// </summary>
    internal GeneratedScene GenerateSubject(int color, int shape, bool large, int tone, int texture, long index)
    {
        // Stream 101 keeps these scenes apart from the splits' streams.
        var rng = new Rng(Seed, 101, index);
        while (true)
        {
            var region = rng.Next(SceneVocabulary.Regions.Length);
            var objects = PlaceGroup(ref rng, region, 1, shape, color, large);
            if (objects is null)
            {
                continue;
            }

            var layout = new SceneLayout
            {
                Tone = tone, Texture = texture, IsPair = false, Placement = region, Objects = objects,
                ColorNames = SceneVocabulary.Colors,
            };
            var caption = Caption(layout, ref rng);
            return new GeneratedScene(SceneRenderer.Render(layout, SceneVocabulary.ColorRgb, ref rng), caption, layout.Key, layout.Label);
        }
    }

    /// <summary>Scene <paramref name="index"/> of <paramref name="split"/> with the layout it was drawn from.</summary>
    internal (GeneratedScene Scene, SceneLayout Layout) GenerateWithLayout(SceneSplit split, long index)
    {
        var rng = new Rng(Seed, (int)split + 1, index);
        while (true)
        {
            var layout = Sample(ref rng);
            if (layout is null || SplitOf(layout.Key) != split)
            {
                continue;
            }

            var caption = Caption(layout, ref rng);
            var image = SceneRenderer.Render(layout, SceneVocabulary.ColorRgb, ref rng);
            return (new GeneratedScene(image, caption, layout.Key, layout.Label), layout);
        }
    }

    /// <summary>The caption and key of scene <paramref name="index"/> without rendering it.</summary>
    internal GeneratedScene Describe(SceneSplit split, long index) => Generate(split, index, render: false);

    /// <summary>The first <paramref name="count"/> scenes of a split.</summary>
    public IEnumerable<GeneratedScene> GenerateSplit(SceneSplit split, int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Generate(split, i);
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> test-split scenes as PNG files plus <c>captions.json</c> into
    /// <paramref name="dir"/> (a ready-made photo library for demos) and returns the files with their captions.
    /// </summary>
    public static IReadOnlyList<CaptionedFile> WriteLibrary(string dir, int count, int seed) =>
        WriteSplit(dir, SceneSplit.Test, count, seed);

    /// <summary>
    /// Writes <paramref name="count"/> scenes of <paramref name="split"/> as PNGs, <c>captions.json</c> (array of
    /// file, caption, key) and <c>queries.json</c> (caption → relevant files: every file whose key matches). Shift
    /// scenes also get a sidecar caption (<c>name.txt</c>) each, the labelled-photo format adapters learn from.
    /// Progress reports the number of scenes written so far.
    /// </summary>
    public static IReadOnlyList<CaptionedFile> WriteSplit(
        string dir,
        SceneSplit split,
        int count,
        int seed,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Directory.CreateDirectory(dir);
        var generator = new SceneGenerator(seed);
        var files = new CaptionedFile[count];
        var prefix = split.ToString().ToLowerInvariant();
        var written = 0;
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var scene = generator.Generate(split, i);
            var name = $"{prefix}-{i:D5}.png";
            var path = Path.Combine(dir, name);
            PngWriter.Write(path, scene.Image);
            if (split == SceneSplit.Shift)
            {
                // Shift scenes are labelled photos for adapters: each gets a sidecar caption.
                File.WriteAllText(Path.ChangeExtension(path, ".txt"), scene.Caption + "\n");
            }

            files[i] = new CaptionedFile(name, scene.Caption, scene.Key);
            progress?.Report(Interlocked.Increment(ref written));
        });

        WriteJson(Path.Combine(dir, "captions.json"), files);
        WriteJson(Path.Combine(dir, "queries.json"), BuildQueries(files));
        return files;
    }

    /// <summary>One query per distinct caption; relevant files are all files with that caption's key.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BuildQueries(IReadOnlyList<CaptionedFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var byKey = files.GroupBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(f => f.File)], StringComparer.Ordinal);
        var queries = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            queries.TryAdd(file.Caption, byKey[file.Key]);
        }

        return queries;
    }

    private static void WriteJson<T>(string path, T value)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        File.WriteAllText(path, JsonSerializer.Serialize(value, options) + "\n", new UTF8Encoding(false));
    }

    private static SceneLayout? Sample(ref Rng rng)
    {
        var tone = rng.Next(2);
        var texture = rng.Next(SceneVocabulary.Textures.Length);
        var isPair = rng.Next(2) == 0;
        var colors = SceneVocabulary.Colors.Length;
        var shapes = SceneVocabulary.Shapes.Length;
        if (!isPair)
        {
            var region = rng.Next(SceneVocabulary.Regions.Length);
            var count = rng.Next(1, 3);
            var large = rng.Next(2) == 1;
            var objects = PlaceGroup(ref rng, region, count, rng.Next(shapes), rng.Next(colors), large);
            return objects is null ? null : new SceneLayout
            {
                Tone = tone, Texture = texture, IsPair = false, Placement = region, Objects = objects,
                ColorNames = SceneVocabulary.Colors,
            };
        }

        var relation = rng.Next(2);
        var shape1 = rng.Next(shapes);
        var color1 = rng.Next(colors);
        var shape2 = rng.Next(shapes);
        var color2 = rng.Next(colors);
        if (shape1 == shape2 && color1 == color2)
        {
            return null;
        }

        var pair = PlacePair(ref rng, relation, shape1, color1, rng.Next(2) == 1, shape2, color2, rng.Next(2) == 1);
        return pair is null ? null : new SceneLayout
        {
            Tone = tone, Texture = texture, IsPair = true, Placement = relation, Objects = pair,
            ColorNames = SceneVocabulary.Colors,
        };
    }

    private static SceneLayout? SampleShift(ref Rng rng)
    {
        var tone = rng.Next(2);
        var texture = rng.Next(SceneVocabulary.Textures.Length);
        var region = rng.Next(SceneVocabulary.Regions.Length);
        var count = rng.Next(1, 2);
        var objects = PlaceGroup(
            ref rng, region, count, rng.Next(SceneVocabulary.Shapes.Length), rng.Next(SceneVocabulary.ShiftColors.Length), rng.Next(2) == 1);
        return objects is null ? null : new SceneLayout
        {
            Tone = tone, Texture = texture, IsPair = false, Placement = region,
            Objects = objects, ColorNames = SceneVocabulary.ShiftColors,
        };
    }

    private static float Radius(ref Rng rng, bool large) => large ? rng.NextFloat(31, 36) : rng.NextFloat(17, 21);

    private static float Angle(ref Rng rng) => rng.NextFloat(-0.2f, 0.2f);

    private static SceneObject[]? PlaceGroup(ref Rng rng, int region, int count, int shape, int color, bool large)
    {
        var (x0, x1, y0, y1) = region switch
        {
            0 => (0.1f, 0.33f, 0.12f, 0.88f),
            1 => (0.67f, 0.9f, 0.12f, 0.88f),
            2 => (0.12f, 0.88f, 0.1f, 0.33f),
            3 => (0.12f, 0.88f, 0.67f, 0.9f),
            _ => (0.3f, 0.7f, 0.3f, 0.7f),
        };
        var objects = new SceneObject[count];
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var ok = true;
            for (var i = 0; i < count && ok; i++)
            {
                var radius = Radius(ref rng, large);
                var x = Math.Clamp(rng.NextFloat(x0, x1) * ImageSize, radius + 2, ImageSize - radius - 2);
                var y = Math.Clamp(rng.NextFloat(y0, y1) * ImageSize, radius + 2, ImageSize - radius - 2);
                objects[i] = new SceneObject(shape, color, large, x, y, radius, Angle(ref rng));
                for (var j = 0; j < i; j++)
                {
                    ok &= Apart(objects[i], objects[j]);
                }
            }

            if (ok)
            {
                return objects;
            }
        }

        return null;
    }

    private static SceneObject[]? PlacePair(
        ref Rng rng, int relation, int shape1, int color1, bool large1, int shape2, int color2, bool large2)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var r1 = Radius(ref rng, large1);
            var r2 = Radius(ref rng, large2);
            var along1 = rng.NextFloat(0.12f, 0.4f) * ImageSize;
            var along2 = rng.NextFloat(0.6f, 0.88f) * ImageSize;
            var across1 = rng.NextFloat(0.25f, 0.75f) * ImageSize;
            var across2 = Math.Clamp(across1 + (rng.NextFloat(-0.18f, 0.18f) * ImageSize), 0.2f * ImageSize, 0.8f * ImageSize);
            var a = relation == 0
                ? new SceneObject(shape1, color1, large1, along1, across1, r1, Angle(ref rng))
                : new SceneObject(shape1, color1, large1, across1, along1, r1, Angle(ref rng));
            var b = relation == 0
                ? new SceneObject(shape2, color2, large2, along2, across2, r2, Angle(ref rng))
                : new SceneObject(shape2, color2, large2, across2, along2, r2, Angle(ref rng));
            a = a with { X = Math.Clamp(a.X, r1 + 2, ImageSize - r1 - 2), Y = Math.Clamp(a.Y, r1 + 2, ImageSize - r1 - 2) };
            b = b with { X = Math.Clamp(b.X, r2 + 2, ImageSize - r2 - 2), Y = Math.Clamp(b.Y, r2 + 2, ImageSize - r2 - 2) };
            if (Apart(a, b))
            {
                return [a, b];
            }
        }

        return null;
    }

    private static bool Apart(SceneObject a, SceneObject b)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        var min = (a.Radius + b.Radius) * 1.2f + 4;
        return (dx * dx) + (dy * dy) >= min * min;
    }

    /// <summary>A caption of <paramref name="layout"/> drawn from the grammar.</summary>
    internal static string Caption(SceneLayout layout, ref Rng rng)
    {
        var tone = rng.Pick(SceneVocabulary.ToneWords[layout.Tone]);
        var texture = rng.Pick(SceneVocabulary.TextureWords[layout.Texture]);
        var background = $"{(rng.Next(2) == 0 ? "on" : "against")} a {tone} {texture} background";
        var prefix = rng.Pick(SceneVocabulary.Prefixes);
        string body;
        if (!layout.IsPair)
        {
            var obj = layout.Objects[0];
            var count = layout.Objects.Count;
            var countWord = count == 1 ? (rng.Next(2) == 0 ? "a" : "one") : SceneVocabulary.CountWords[count - 1];
            var noun = count == 1 ? SceneVocabulary.Shapes[obj.Shape] : SceneVocabulary.ShapePlurals[obj.Shape];
            var phrase = $"{countWord} {Size(obj, ref rng)} {layout.ColorNames[obj.Color]} {noun}";
            var where = rng.Pick(SceneVocabulary.RegionPhrases[layout.Placement]);
            body = rng.Next(2) == 0 ? $"{phrase} {where} {background}" : $"{phrase} {background} {where}";
        }
        else
        {
            var first = Phrase(layout.Objects[0], layout.ColorNames, ref rng);
            var second = Phrase(layout.Objects[1], layout.ColorNames, ref rng);
            var relation = layout.Placement == 0
                ? rng.Next(3) switch
                {
                    0 => $"{first} to the left of {second}",
                    1 => $"{second} to the right of {first}",
                    _ => $"{first} left of {second}",
                }
                : rng.Next(3) switch
                {
                    0 => $"{first} above {second}",
                    1 => $"{second} below {first}",
                    _ => $"{second} under {first}",
                };
            body = $"{relation} {background}";
        }

        return prefix + body;
    }

    private static string Size(SceneObject obj, ref Rng rng) => rng.Pick(SceneVocabulary.SizeWords[obj.Large ? 1 : 0]);

    private static string Phrase(SceneObject obj, IReadOnlyList<string> colors, ref Rng rng) =>
        $"a {Size(obj, ref rng)} {colors[obj.Color]} {SceneVocabulary.Shapes[obj.Shape]}";
}
