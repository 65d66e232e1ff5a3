using VlSearch.Catalog;

namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// Scores photo embeddings against a vocabulary's label embeddings and keeps the labels that stand out. The rule:
/// each label's scores over the library (a sample of up to <see cref="ZeroShotOptions.CalibrationSample"/> photos)
/// give its mean and standard deviation; a photo's score for the label becomes a z value against them, and the photo
/// keeps the labels with z ≥ <see cref="ZeroShotOptions.MinZ"/>, at most <see cref="ZeroShotOptions.MaxTags"/>, highest
/// z first. So a label every photo resembles a little ("photo", "texture") needs an unusually high score, and a rare
/// label needs only to stand out from its own usual score — a per-label threshold set by the library itself. A
/// label's deviation is floored at the vocabulary's median deviation, so labels whose scores barely vary (often words
/// the text tower does not know) cannot reach a high z from noise.
/// Under <see cref="ZeroShotOptions.MinCalibrationPhotos"/> photos, each photo's scores are standardised over the
/// vocabulary instead.
/// </summary>
public sealed class ZeroShotScorer
{
    private readonly float[]? means;
    private readonly float[]? deviations;

    private ZeroShotScorer(LabelEmbeddings labels, ZeroShotOptions options, float[]? means, float[]? deviations, int calibratedOn)
    {
        Labels = labels;
        Options = options;
        this.means = means;
        this.deviations = deviations;
        CalibratedOn = calibratedOn;
    }

    /// <summary>The label embeddings.</summary>
    public LabelEmbeddings Labels { get; }

    /// <summary>The rule's settings.</summary>
    public ZeroShotOptions Options { get; }

    /// <summary>Photos the per-label thresholds were calibrated on; 0 when each photo is standardised on its own.</summary>
    public int CalibratedOn { get; }

    /// <summary>Calibrates the per-label thresholds on <paramref name="library"/> (normalised image embeddings).</summary>
    public static ZeroShotScorer Calibrate(LabelEmbeddings labels, IReadOnlyList<float[]> library, ZeroShotOptions options)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(options);
        if (library.Count < options.MinCalibrationPhotos)
        {
            return new ZeroShotScorer(labels, options, null, null, 0);
        }

        var count = labels.Labels.Count;
        var sum = new double[count];
        var squares = new double[count];
        var scores = new float[count];
        foreach (var embedding in library)
        {
            labels.Score(embedding, scores);
            for (var l = 0; l < count; l++)
            {
                sum[l] += scores[l];
                squares[l] += (double)scores[l] * scores[l];
            }
        }

        var means = new float[count];
        var deviations = new float[count];
        for (var l = 0; l < count; l++)
        {
            var mean = sum[l] / library.Count;
            means[l] = (float)mean;
            deviations[l] = (float)Math.Max(Math.Sqrt(Math.Max(0, (squares[l] / library.Count) - (mean * mean))), 1e-4);
        }

        // A label whose scores barely move over the library (often one the text tower does not know) would reach a
        // high z from noise: its deviation is floored at the median deviation of the vocabulary.
        var floor = count == 0 ? 0 : deviations.Order().ElementAt(count / 2);
        for (var l = 0; l < count; l++)
        {
            deviations[l] = Math.Max(deviations[l], floor);
        }

        return new ZeroShotScorer(labels, options, means, deviations, library.Count);
    }

    /// <summary>Every label's score on the photo, highest z first.</summary>
    public IReadOnlyList<ZeroShotScore> Rank(ReadOnlySpan<float> embedding, int? top = null)
    {
        var count = Labels.Labels.Count;
        var scores = new float[count];
        Labels.Score(embedding, scores);
        var z = new float[count];
        if (means is not null && deviations is not null)
        {
            for (var l = 0; l < count; l++)
            {
                z[l] = (scores[l] - means[l]) / deviations[l];
            }
        }
        else if (count > 0)
        {
            var mean = scores.Average();
            var deviation = MathF.Max(MathF.Sqrt(scores.Select(s => (s - mean) * (s - mean)).Average()), 1e-4f);
            for (var l = 0; l < count; l++)
            {
                z[l] = (scores[l] - mean) / deviation;
            }
        }

        var order = Enumerable.Range(0, count).OrderByDescending(l => z[l]).ThenBy(l => l);
        return [.. (top is { } n ? order.Take(n) : order).Select(l => new ZeroShotScore(Labels.Labels[l], scores[l], z[l], NormalCdf(z[l])))];
    }

    /// <summary>The tags the rule keeps for the photo.</summary>
    public IReadOnlyList<EnrichmentTag> Tags(ReadOnlySpan<float> embedding) =>
        [.. Rank(embedding, Options.MaxTags).Where(s => s.Z >= Options.MinZ).Select(s => new EnrichmentTag(s.Label, PhotoTagKinds.ZeroShot, s.Confidence))];

    /// <summary>Standard normal CDF (Abramowitz–Stegun 7.1.26 for erf, error under 1.5e-7).</summary>
    private static float NormalCdf(float z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var erf = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return (float)(z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf));
    }
}
