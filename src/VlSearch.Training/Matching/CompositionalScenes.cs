using System.Text;
using System.Text.Json;

namespace VlSearch.Training.Matching;

/// <summary>
/// Compositional twins: pairs of test-split scenes with the same two objects on the same background where only the
/// binding differs — colours, sizes or places swapped ("a red circle left of a blue square" beside "a blue circle left
/// of a red square"). A dual encoder that pools each side into one vector is near chance between twins; a
/// cross-encoder should not be.
/// </summary>
public static class CompositionalScenes
{
    /// <summary>
    /// Writes <paramref name="pairs"/> twin pairs (2 × pairs PNGs) with <c>captions.json</c> and <c>queries.json</c>
    /// (one query per caption; relevant: the files with that caption's scene key), the format of
    /// <see cref="SceneGenerator.WriteSplit"/>.
    /// </summary>
    public static IReadOnlyList<CaptionedFile> Write(string dir, int pairs, int seed, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dir);
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        Directory.CreateDirectory(dir);
        var scenes = Generate(seed, pairs, cancellationToken);
        var files = new CaptionedFile[scenes.Count * 2];
        var written = 0;
        Parallel.For(0, scenes.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (a, b, swap) = scenes[i];
            foreach (var (scene, side) in new[] { (a, 'a'), (b, 'b') })
            {
                var name = $"twin-{i:D4}{side}-{swap}.png";
                PngWriter.Write(Path.Combine(dir, name), scene.Image);
                files[(2 * i) + (side - 'a')] = new CaptionedFile(name, scene.Caption, scene.Key);
            }

            progress?.Report(Interlocked.Increment(ref written));
        });

        var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        File.WriteAllText(Path.Combine(dir, "captions.json"), JsonSerializer.Serialize(files, json) + "\n", new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, "queries.json"), JsonSerializer.Serialize(SceneGenerator.BuildQueries(files), json) + "\n", new UTF8Encoding(false));
        return files;
    }

    /// <summary>The first <paramref name="pairs"/> twin pairs of the test split, swaps taken in turn.</summary>
    internal static List<(GeneratedScene A, GeneratedScene B, string Swap)> Generate(int seed, int pairs, CancellationToken cancellationToken = default)
    {
        var generator = new SceneGenerator(seed);
        var layouts = new List<(SceneLayout A, SceneLayout B, string Swap, long Index)>();
        for (long index = 0; layouts.Count < pairs; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (_, layout) = generator.GenerateWithLayout(SceneSplit.Test, index);
            var swap = SceneEdits.Swaps[layouts.Count % SceneEdits.Swaps.Length];
            if (SceneEdits.Swap(layout, swap) is { } twin)
            {
                layouts.Add((layout, twin, swap, index));
            }
        }

        var result = new (GeneratedScene, GeneratedScene, string)[layouts.Count];
        Parallel.For(0, layouts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (a, b, swap, index) = layouts[i];
            // Stream 303: the twins share one background and jitter, so only the swapped attribute differs.
            var render = new Rng(seed, 303, index);
            var twinRender = render;
            var words = new Rng(seed, 304, index);
            var imageA = SceneRenderer.Render(a, SceneVocabulary.ColorRgb, ref render);
            var imageB = SceneRenderer.Render(b, SceneVocabulary.ColorRgb, ref twinRender);
            var captionA = SceneGenerator.Caption(a, ref words);
            var captionB = SceneGenerator.Caption(b, ref words);
            result[i] = (new GeneratedScene(imageA, captionA, a.Key, a.Label), new GeneratedScene(imageB, captionB, b.Key, b.Label), swap);
        });

        return [.. result];
    }
}
