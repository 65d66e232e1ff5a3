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
    public sealed record Result(int Scenes, double PrecisionAt3, double PrecisionAt3Attributes, double StoredPrecision, double StoredPerScene, int Labels, int Skipped, int Templates, IReadOnlyList<Example> Examples);

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
            Math.Round(attributePrecision / generated.Count, 4),
            stored == 0 ? 0 : Math.Round(storedTrue / stored, 4),
            Math.Round(stored / generated.Count, 3),
            labels.Labels.Count,
            labels.Skipped.Count,
            labels.Templates.Count,
            examples);
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
