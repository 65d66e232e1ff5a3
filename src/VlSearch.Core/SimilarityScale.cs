namespace VlSearch.Core;

/// <summary>
/// How a model turns the cosine of two of its vectors into the score users read. SigLIP models were trained with a
/// sigmoid loss on <c>cos · exp(logit_scale) + logit_bias</c>, so their sigmoid is a calibrated match probability;
/// other models keep the cosine.
/// </summary>
/// <param name="Kind">Cosine or probability.</param>
/// <param name="LogitScale">The natural logarithm of the temperature, as the model's weights store it.</param>
/// <param name="LogitBias">The bias added to the scaled cosine.</param>
public sealed record SimilarityScale(ScoreKind Kind, double LogitScale, double LogitBias)
{
    /// <summary>The plain cosine.</summary>
    public static SimilarityScale Cosine { get; } = new(ScoreKind.Cosine, 0, 0);

    /// <summary>The sigmoid probability of a SigLIP-style model with its own learned scale and bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite.</exception>
    public static SimilarityScale Sigmoid(double logitScale, double logitBias)
    {
        if (!double.IsFinite(logitScale) || !double.IsFinite(logitBias))
        {
            throw new ArgumentOutOfRangeException(nameof(logitScale), "The logit scale and bias must be finite numbers.");
        }

        return new SimilarityScale(ScoreKind.Probability, logitScale, logitBias);
    }

    /// <summary>The score of a pair of vectors whose cosine is <paramref name="cosine"/>.</summary>
    public double Apply(double cosine) => Kind switch
    {
        ScoreKind.Probability => 1.0 / (1.0 + Math.Exp(-((cosine * Math.Exp(LogitScale)) + LogitBias))),
        _ => cosine,
    };

    /// <summary>
    /// <paramref name="hits"/> with their scores (cosines from the vector index) turned into this scale's scores; the
    /// order does not change, as the sigmoid is increasing.
    /// </summary>
    public IReadOnlyList<ScoredPhoto> Apply(IReadOnlyList<ScoredPhoto> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (Kind == ScoreKind.Cosine)
        {
            return hits;
        }

        return [.. hits.Select(h => h with { Score = (float)Apply(h.Score), VectorScore = (float)Apply(h.VectorScore) })];
    }
}
