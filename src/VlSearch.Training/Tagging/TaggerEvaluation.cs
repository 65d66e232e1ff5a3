using VlSearch.Core;
using VlSearch.Core.Tagging;

namespace VlSearch.Training.Tagging;

/// <summary>
/// Scores an <see cref="IObjectTagger"/> on synthetic scenes whose layouts give the true objects: the shape is the
/// object label, colour and size are its attributes, and the box is the shape's centre ± its radius.
/// </summary>
public static class TaggerEvaluation
{
    /// <summary>Pairs need at least this IoU.</summary>
    public const float MatchIou = 0.5f;

    /// <summary>Images per <see cref="IObjectTagger.Detect"/> call.</summary>
    private const int ImagesPerCall = 16;

    /// <summary>
    /// Regenerates the first <paramref name="count"/> scenes of <paramref name="split"/> for <paramref name="seed"/>
    /// (the scenes <c>vlsearch generate</c> writes, pixel for pixel) and scores the tagger's detections on them.
    /// Progress reports images done.
    /// </summary>
    public static TaggerMetrics Evaluate(IObjectTagger tagger, SceneSplit split, int count, int seed, float minScore,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var generator = new SceneGenerator(seed);
        var predicted = new List<IReadOnlyList<DetectedObject>>(count);
        var truth = new List<IReadOnlyList<DetectedObject>>(count);
        for (var start = 0; start < count; start += ImagesPerCall)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scenes = Enumerable.Range(start, Math.Min(ImagesPerCall, count - start)).Select(i => generator.GenerateWithLayout(split, i)).ToList();
            predicted.AddRange(tagger.Detect([.. scenes.Select(s => s.Scene.Image)], minScore));
            truth.AddRange(scenes.Select(s => Truth(s.Layout)));
            progress?.Report(predicted.Count);
        }

        return Score(predicted, truth, minScore);
    }

    /// <summary>The true objects of a scene, as detections with score 1.</summary>
    internal static IReadOnlyList<DetectedObject> Truth(SceneLayout layout)
    {
        const float size = SceneGenerator.ImageSize;
        return [.. layout.Objects.Select(o => new DetectedObject(
            TaggerVocabulary.Objects[o.Shape],
            1f,
            new RelativeBox((o.X - o.Radius) / size, (o.Y - o.Radius) / size, 2 * o.Radius / size, 2 * o.Radius / size),
            [new LabelScore(TaggerVocabulary.Attributes[o.Color], 1f), new LabelScore(TaggerVocabulary.Attributes[TaggerVocabulary.SizeAttribute(o.Large)], 1f)]))];
    }

    /// <summary>Scores detections against true objects, image by image (see <see cref="TaggerMetrics"/>).</summary>
    public static TaggerMetrics Score(IReadOnlyList<IReadOnlyList<DetectedObject>> predicted, IReadOnlyList<IReadOnlyList<DetectedObject>> truth, float minScore)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException($"{predicted.Count} images of detections but {truth.Count} of true objects.", nameof(predicted));
        }

        int trueObjects = 0, predictedObjects = 0, rightLabels = 0, covered = 0;
        int trueAttributes = 0, predictedAttributes = 0, rightAttributes = 0, pairs = 0;
        double iouSum = 0;
        for (var image = 0; image < truth.Count; image++)
        {
            var (p, t) = (predicted[image], truth[image]);
            trueObjects += t.Count;
            predictedObjects += p.Count;
            trueAttributes += t.Sum(o => o.Attributes.Count);
            predictedAttributes += p.Sum(o => o.Attributes.Count);
            covered += t.Count(o => p.Any(d => d.Box.IntersectionOverUnion(o.Box) >= MatchIou));
            var candidates = new List<(int P, int T, float Iou)>();
            for (var i = 0; i < p.Count; i++)
            {
                for (var j = 0; j < t.Count; j++)
                {
                    var iou = p[i].Box.IntersectionOverUnion(t[j].Box);
                    if (iou >= MatchIou)
                    {
                        candidates.Add((i, j, iou));
                    }
                }
            }

            var usedP = new HashSet<int>();
            var usedT = new HashSet<int>();
            foreach (var (i, j, iou) in candidates.OrderByDescending(c => c.Iou).ThenBy(c => c.P).ThenBy(c => c.T))
            {
                if (!usedP.Add(i))
                {
                    continue;
                }

                if (!usedT.Add(j))
                {
                    usedP.Remove(i);
                    continue;
                }

                pairs++;
                iouSum += iou;
                rightLabels += string.Equals(p[i].Label, t[j].Label, StringComparison.Ordinal) ? 1 : 0;
                rightAttributes += p[i].Attributes.Select(a => a.Label).Intersect(t[j].Attributes.Select(a => a.Label), StringComparer.Ordinal).Count();
            }
        }

        static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
        static double F1(double precision, double recall) => precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var objectPrecision = Ratio(rightLabels, predictedObjects);
        var objectRecall = Ratio(rightLabels, trueObjects);
        var attributePrecision = Ratio(rightAttributes, predictedAttributes);
        var attributeRecall = Ratio(rightAttributes, trueAttributes);
        return new TaggerMetrics
        {
            Images = truth.Count,
            TrueObjects = trueObjects,
            PredictedObjects = predictedObjects,
            ObjectPrecision = Math.Round(objectPrecision, 4),
            ObjectRecall = Math.Round(objectRecall, 4),
            ObjectF1 = Math.Round(F1(objectPrecision, objectRecall), 4),
            AttributePrecision = Math.Round(attributePrecision, 4),
            AttributeRecall = Math.Round(attributeRecall, 4),
            AttributeF1 = Math.Round(F1(attributePrecision, attributeRecall), 4),
            BoxRecallAtIou50 = Math.Round(Ratio(covered, trueObjects), 4),
            MeanIou = Math.Round(pairs == 0 ? 0 : iouSum / pairs, 4),
            MinScore = minScore,
        };
    }
}
