using System.Numerics.Tensors;

namespace VlSearch.Training;

/// <summary>
/// Symmetric InfoNCE over a batch of image and text embeddings: logits = scale·IᵢᵀTⱼ, cross-entropy of each image
/// against all texts and of each text against all images, averaged. Pairs sharing a group id (the same scene
/// description, or the same label) are all positives, with the target mass split evenly among them.
/// </summary>
internal static class ContrastiveLoss
{
    /// <param name="images">[n, d] unit vectors.</param>
    /// <param name="texts">[m, d] unit vectors (m = n for paired batches).</param>
    /// <param name="d">Embedding dimension.</param>
    /// <param name="scale">Logit scale (inverse temperature).</param>
    /// <param name="imageGroups">Group of each image.</param>
    /// <param name="textGroups">Group of each text.</param>
    /// <param name="dImages">Receives dLoss/dImages.</param>
    /// <param name="dTexts">Receives dLoss/dTexts.</param>
    /// <param name="dScale">dLoss/dScale (multiply by scale for the gradient of log-scale).</param>
    /// <returns>The loss.</returns>
    public static float Compute(
        ReadOnlySpan<float> images, ReadOnlySpan<float> texts, int d, float scale,
        ReadOnlySpan<int> imageGroups, ReadOnlySpan<int> textGroups,
        Span<float> dImages, Span<float> dTexts, out float dScale)
    {
        var n = imageGroups.Length;
        var m = textGroups.Length;
        var cosine = new float[n * m];
        for (var i = 0; i < n; i++)
        {
            var image = images.Slice(i * d, d);
            for (var j = 0; j < m; j++)
            {
                cosine[(i * m) + j] = TensorPrimitives.Dot(image, texts.Slice(j * d, d));
            }
        }

        var dLogits = new float[n * m];
        var loss = 0.0;
        var row = new float[m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                row[j] = scale * cosine[(i * m) + j];
            }

            loss += SoftmaxCrossEntropy(row, imageGroups[i], textGroups, 0.5f / n, dLogits.AsSpan(i * m, m));
        }

        var column = new float[n];
        var dColumn = new float[n];
        for (var j = 0; j < m; j++)
        {
            for (var i = 0; i < n; i++)
            {
                column[i] = scale * cosine[(i * m) + j];
            }

            dColumn.AsSpan().Clear();
            loss += SoftmaxCrossEntropy(column, textGroups[j], imageGroups, 0.5f / m, dColumn);
            for (var i = 0; i < n; i++)
            {
                dLogits[(i * m) + j] += dColumn[i];
            }
        }

        dScale = TensorPrimitives.Dot(dLogits, cosine);
        dImages[..(n * d)].Clear();
        dTexts[..(m * d)].Clear();
        for (var i = 0; i < n; i++)
        {
            var dImage = dImages.Slice(i * d, d);
            for (var j = 0; j < m; j++)
            {
                var g = scale * dLogits[(i * m) + j];
                TensorPrimitives.MultiplyAdd(texts.Slice(j * d, d), g, dImage, dImage);
                var dText = dTexts.Slice(j * d, d);
                TensorPrimitives.MultiplyAdd(images.Slice(i * d, d), g, dText, dText);
            }
        }

        return (float)loss;
    }

    /// <summary>Weighted CE of one row of logits against the members of <paramref name="group"/>; adds the gradient.</summary>
    private static double SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits, int group, ReadOnlySpan<int> groups, float weight, Span<float> dLogits)
    {
        var max = TensorPrimitives.Max(logits);
        var sum = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            sum += Math.Exp(logits[j] - max);
        }

        var logSum = max + Math.Log(sum);
        var positives = 0;
        foreach (var g in groups)
        {
            positives += g == group ? 1 : 0;
        }

        var loss = 0.0;
        for (var j = 0; j < logits.Length; j++)
        {
            var p = Math.Exp(logits[j] - logSum);
            var target = groups[j] == group ? 1.0 / positives : 0.0;
            loss -= target * (logits[j] - logSum);
            dLogits[j] += (float)(weight * (p - target));
        }

        return weight * loss;
    }
}
