using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using VlSearch.Core;
using VlSearch.Indexing.Enrichment;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary>
/// Precision of zero-shot tags on synthetic scenes of the test split: each scene's true labels are the colours and
/// shapes of its objects (from the scene's canonical key); a scene's top-3 labels by z (the stage's own ranking) are
/// compared with them. A scene with fewer than three true labels (one colour and one shape) is scored on as many top
/// labels as it has true ones, so a perfect tagger scores 1. The scenes are the "library" the thresholds calibrate on.
/// </summary>
public static partial class ZeroShotTagEvaluation
{
    /// <summary>Labels looked at per scene.</summary>
    public const int K = 3;

    /// <summary>What the evaluation measured.</summary>
    /// <param name="Scenes">Scenes scored.</param>
    /// <param name="PrecisionAt3">Mean precision of the top-3 labels (capped by each scene's number of true labels).</param>
    /// <param name="StoredPrecision">Of the tags the stage would store (z threshold, tag limit), the share that is true.</param>
    /// <param name="StoredPerScene">Mean number of tags the stage would store per scene.</param>
    /// <param name="Labels">Labels scored: the vocabulary's labels the model can represent.</param>
    /// <param name="Examples">The first scenes with their top labels, for a reader.</param>
    /// <param name="PrecisionAt3Attributes">
    /// The same top-3 labels judged against every true attribute of the scene the vocabulary can name: also the
    /// objects' sizes and the background's tone and texture ("dark", "black", "striped", "plain background"), which the
    /// main measure counts as wrong. Reported beside it, not instead of it.
    /// </param>
    /// <param name="Skipped">Vocabulary labels not scored because the model does not know all their words.</param>
    /// <param name="Templates">Prompt templates each label was embedded with.</param>
    /// <param name="OneObject">How the model tells colour and shape apart on the scenes of one object; null when the scored labels lack a scene colour or shape.</param>
    /// <param name="PrecisionAt3Ceiling">
    /// <see cref="PrecisionAt3"/> of a scorer that knows every scene's truth: each label scores 1 on the scenes it is
    /// true of (an object's colour or shape, an object's size, the background's tone or texture) and 0 elsewhere,
    /// calibrated and ranked by the same rule. The rule lifts a label by how rare it is, so a true texture ("dotted", on
    /// a fifth of the scenes) outranks a true colour on a common one; this is the most the main measure can show.
    /// </param>
    public sealed record Result(int Scenes, double PrecisionAt3, double PrecisionAt3Ceiling, double PrecisionAt3Attributes, double StoredPrecision, double StoredPerScene, int Labels, int Skipped, int Templates, IReadOnlyList<Example> Examples, OneObjectProbe? OneObject);

    /// <summary>
    /// Colour against shape on the scenes of one object, which have one true colour and one true shape: the share
    /// whose highest-z colour label (of the 8 scene colours) and highest-z shape label (of the 6 shapes) are right
    /// (chance 1/8 and 1/6), and the share whose own caption outscores every copy of it with only the colour word, or
    /// only the shape word, replaced (the same chances): the second measures the image tower without prompts.
    /// </summary>
    public sealed record OneObjectProbe(int Scenes, double TopColour, double TopShape, double CaptionColour, double CaptionShape);

    /// <summary>One scene's truth and top labels.</summary>
    public sealed record Example(string Key, IReadOnlyList<string> Truth, IReadOnlyList<string> Top);

    /// <summary>Scores the first <paramref name="scenes"/> test-split scenes of <paramref name="seed"/>.</summary>
    public static Result Evaluate(IEmbeddingModel model, IImagePreprocessor preprocessor, TagVocabulary vocabulary, ZeroShotOptions options, int scenes, int seed, string? cacheDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(preprocessor);
        var generator = new SceneGenerator(seed);
        var generated = Enumerable.Range(0, scenes).Select(i => generator.Generate(SceneSplit.Test, i)).ToList();
        var pre = model.Image.Preprocess;
        var embeddings = new List<float[]>(generated.Count);
        const int batch = 32;
        var pixels = new float[batch * pre.TensorLength];
        var output = new float[batch * model.Dimension];
        for (var start = 0; start < generated.Count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batch, generated.Count - start);
            for (var k = 0; k < count; k++)
            {
                preprocessor.Preprocess(generated[start + k].Image, pre, pixels.AsSpan(k * pre.TensorLength, pre.TensorLength));
            }

            model.Image.Encode(pixels.AsSpan(0, count * pre.TensorLength), count, output.AsSpan(0, count * model.Dimension));
            for (var k = 0; k < count; k++)
            {
                embeddings.Add(output.AsSpan(k * model.Dimension, model.Dimension).ToArray());
            }
        }

        var labels = LabelEmbeddings.Get(model, vocabulary, cacheDirectory, cancellationToken: cancellationToken);
        var scorer = ZeroShotScorer.Calibrate(labels, embeddings, options);
        double precision = 0, attributePrecision = 0, storedTrue = 0, stored = 0;
        var examples = new List<Example>();
        for (var i = 0; i < generated.Count; i++)
        {
            var truth = Truth(generated[i].Key);
            var top = scorer.Rank(embeddings[i], K).Select(s => s.Label).ToList();
            var k = Math.Min(K, truth.Count);
            precision += top.Take(k).Count(truth.Contains) / (double)k;
            var attributes = Attributes(generated[i].Key);
            attributePrecision += top.Take(k).Count(l => truth.Contains(l) || attributes.Contains(l)) / (double)k;
            var tags = scorer.Tags(embeddings[i]);
            stored += tags.Count;
            storedTrue += tags.Count(t => truth.Contains(t.Label));
            if (examples.Count < 5)
            {
                examples.Add(new Example(generated[i].Key, [.. truth], top));
            }
        }

        return new Result(
            generated.Count,
            Math.Round(precision / generated.Count, 4),
            Ceiling(labels.Labels, generated, options),
            Math.Round(attributePrecision / generated.Count, 4),
            stored == 0 ? 0 : Math.Round(storedTrue / stored, 4),
            Math.Round(stored / generated.Count, 3),
            labels.Labels.Count,
            labels.Skipped.Count,
            labels.Templates.Count,
            examples,
            ProbeOneObject(model, scorer, generated, embeddings, cancellationToken));
    }

    private static double Ceiling(IReadOnlyList<string> labels, IReadOnlyList<GeneratedScene> scenes, ZeroShotOptions options)
    {
        // One-hot label rows and 0/1 scene vectors: a label's score on a scene is 1 exactly when it is true of it.
        var n = labels.Count;
        if (n == 0)
        {
            return 0;
        }

        var rows = new float[n * n];
        for (var l = 0; l < n; l++)
        {
            rows[(l * n) + l] = 1f;
        }

        var known = LabelEmbeddings.FromRows(labels, n, rows);
        var vectors = scenes.Select(scene =>
        {
            var everything = new HashSet<string>(Truth(scene.Key), StringComparer.Ordinal);
            everything.UnionWith(Attributes(scene.Key));
            return labels.Select(l => everything.Contains(l) ? 1f : 0f).ToArray();
        }).ToList();
        var scorer = ZeroShotScorer.Calibrate(known, vectors, options);
        var precision = 0.0;
        for (var i = 0; i < scenes.Count; i++)
        {
            var truth = Truth(scenes[i].Key);
            var k = Math.Min(K, truth.Count);
            precision += scorer.Rank(vectors[i], K).Take(k).Count(s => truth.Contains(s.Label)) / (double)k;
        }

        return Math.Round(precision / scenes.Count, 4);
    }

    private static OneObjectProbe? ProbeOneObject(IEmbeddingModel model, ZeroShotScorer scorer, IReadOnlyList<GeneratedScene> scenes, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken)
    {
        var colours = SceneAttributes.Colors;
        var shapes = SceneAttributes.Shapes;
        var scored = scorer.Labels.Labels.ToHashSet(StringComparer.Ordinal);
        if (model.Text is not { } text || !colours.Concat(shapes).All(scored.Contains))
        {
            return null;
        }

        int count = 0, topColour = 0, topShape = 0, captionColour = 0, captionShape = 0;
        for (var i = 0; i < scenes.Count; i++)
        {
            // "1x…" keys are single objects; their captions name the shape in the singular.
            if (!scenes[i].Key.StartsWith("1x", StringComparison.Ordinal))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var truth = ObjectPattern().Match(scenes[i].Key);
            var colour = truth.Groups["colour"].Value;
            var shape = truth.Groups["shape"].Value;
            var ranked = scorer.Rank(embeddings[i]);
            count++;
            topColour += ranked.First(s => colours.Contains(s.Label)).Label == colour ? 1 : 0;
            topShape += ranked.First(s => shapes.Contains(s.Label)).Label == shape ? 1 : 0;
            captionColour += BestReplacement(text, scenes[i].Caption, colour, colours, embeddings[i]) == colour ? 1 : 0;
            captionShape += BestReplacement(text, scenes[i].Caption, shape, shapes, embeddings[i]) == shape ? 1 : 0;
        }

        return count == 0 ? null : new OneObjectProbe(
            count,
            Math.Round(topColour / (double)count, 4),
            Math.Round(topShape / (double)count, 4),
            Math.Round(captionColour / (double)count, 4),
            Math.Round(captionShape / (double)count, 4));
    }

    /// <summary>The replacement for <paramref name="word"/> whose caption scores highest against the image.</summary>
    private static string BestReplacement(ITextEncoder text, string caption, string word, IReadOnlyList<string> replacements, float[] image)
    {
        var pattern = new Regex($@"\b{Regex.Escape(word)}\b", RegexOptions.CultureInvariant);
        var embedded = text.Encode([.. replacements.Select(r => pattern.Replace(caption, r))]);
        var best = 0;
        for (var j = 1; j < embedded.Length; j++)
        {
            if (TensorPrimitives.Dot(embedded[j], image) > TensorPrimitives.Dot(embedded[best], image))
            {
                best = j;
            }
        }

        return replacements[best];
    }

    /// <summary>The colours and shapes of a scene key's objects ("size:colour:shape" parts).</summary>
    public static IReadOnlySet<string> Truth(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var truth = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in ObjectPattern().Matches(key))
        {
            truth.Add(match.Groups["colour"].Value);
            truth.Add(match.Groups["shape"].Value);
        }

        return truth;
    }

    /// <summary>
    /// The other true attributes of a scene key, as vocabulary labels: object sizes and the background's tone and
    /// texture (the captions call a dark background "dark" or "black", a light one "light" or "white").
    /// </summary>
    public static IReadOnlySet<string> Attributes(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in SizePattern().Matches(key))
        {
            attributes.Add(match.Value);
        }

        var background = key[(key.LastIndexOf('/') + 1)..].Split('-');
        if (background.Length == 2)
        {
            attributes.UnionWith(background[0] == "dark" ? ["dark", "black"] : ["light", "white"]);
            attributes.Add(background[1] == "plain" ? "plain background" : background[1]);
        }

        return attributes;
    }

    [GeneratedRegex(@"(?:large|small)(?=:)")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"(?:large|small):(?<colour>[a-z]+):(?<shape>[a-z]+)")]
    private static partial Regex ObjectPattern();
}
