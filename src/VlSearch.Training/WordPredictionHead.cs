using System.Numerics.Tensors;
using VlSearch.Core.Tagging;

namespace VlSearch.Training;

/// <summary>
/// An auxiliary training objective for the dual encoder: one linear layer, shared by both towers, predicts from a unit
/// embedding which words its caption contains (a sigmoid per word, binary cross-entropy). In-batch contrastive negatives
/// of random scenes differ mostly in colour, so the contrastive loss alone barely teaches the image tower shapes; naming
/// every caption word from the embedding does, and sharing the layer puts a word on the same direction in both towers,
/// which is what a one-label zero-shot prompt is compared along. The head is training-only: nothing of it is exported.
/// </summary>
internal sealed class WordPredictionHead
{
    /// <summary>Logits are this multiple of the dot product, so a unit embedding can reach confident logits early.</summary>
    public const float LogitScale = 10f;

    private readonly Dictionary<string, int> _index;

    public WordPredictionHead(IReadOnlyList<string> words, int dimension, int seed)
    {
        ArgumentNullException.ThrowIfNull(words);
        Words = words;
        Dimension = dimension;
        _index = words.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i, StringComparer.Ordinal);
        Values = new float[(words.Count * dimension) + words.Count];
        var rng = new Rng(seed, 2000, 0);
        // Small, so the sigmoids start unsaturated and the contrastive loss leads the first steps.
        var std = 0.1f / MathF.Sqrt(dimension);
        for (var i = 0; i < words.Count * dimension; i++)
        {
            Values[i] = rng.NextGaussian() * std;
        }
    }

    public IReadOnlyList<string> Words { get; }

    public int Dimension { get; }

    /// <summary>Weights [words, dimension], then biases [words].</summary>
    public float[] Values { get; }

    /// <summary>The indices of the head's words that <paramref name="caption"/> contains.</summary>
    public int[] Targets(string caption) =>
        [.. ZeroShotPrompting.Words(caption).Select(w => _index.TryGetValue(w, out var i) ? i : -1).Where(i => i >= 0).Distinct().Order()];

    /// <summary>
    /// Mean binary cross-entropy over <paramref name="n"/> embeddings and every word, times <paramref name="weight"/>;
    /// adds the weighted gradients to <paramref name="dEmbeddings"/> and to <paramref name="grad"/> (the head's).
    /// </summary>
    public float Compute(ReadOnlySpan<float> embeddings, int n, IReadOnlyList<int[]> targets, float weight, Span<float> dEmbeddings, Span<float> grad)
    {
        var v = Words.Count;
        var d = Dimension;
        var w = Values.AsSpan(0, v * d);
        var b = Values.AsSpan(v * d, v);
        var dW = grad[..(v * d)];
        var dB = grad.Slice(v * d, v);
        var present = new bool[v];
        var loss = 0.0;
        var norm = weight / (n * (float)v);
        for (var i = 0; i < n; i++)
        {
            Array.Clear(present);
            foreach (var t in targets[i])
            {
                present[t] = true;
            }

            var e = embeddings.Slice(i * d, d);
            var de = dEmbeddings.Slice(i * d, d);
            for (var j = 0; j < v; j++)
            {
                var row = w.Slice(j * d, d);
                var z = (LogitScale * TensorPrimitives.Dot(row, e)) + b[j];
                // log(1 + e^-|z|) keeps both branches of the cross-entropy finite for any logit.
                var softplus = MathF.Log(1f + MathF.Exp(-MathF.Abs(z)));
                loss += present[j] ? softplus + MathF.Max(-z, 0f) : softplus + MathF.Max(z, 0f);
                var dz = ((1f / (1f + MathF.Exp(-z))) - (present[j] ? 1f : 0f)) * norm;
                dB[j] += dz;
                TensorPrimitives.MultiplyAdd(e, dz * LogitScale, dW.Slice(j * d, d), dW.Slice(j * d, d));
                TensorPrimitives.MultiplyAdd(row, dz * LogitScale, de, de);
            }
        }

        return (float)(loss * norm);
    }
}
