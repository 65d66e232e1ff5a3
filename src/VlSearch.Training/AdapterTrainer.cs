using System.Numerics.Tensors;
using VlSearch.Core;

namespace VlSearch.Training;

/// <summary>
/// Learns an <see cref="EmbeddingAdapter"/> for a frozen model from labelled photos with the same symmetric
/// contrastive loss as the base model: each photo's (adapted) image vector against the (adapted) vectors of all
/// distinct labels, photos sharing a label being positives of that label.
/// </summary>
public sealed class AdapterTrainer
{
    private readonly IEmbeddingModel _model;
    private readonly IPhotoDecoder _decoder;
    private readonly IImagePreprocessor _preprocessor;

    public AdapterTrainer(IEmbeddingModel model, IPhotoDecoder decoder, IImagePreprocessor preprocessor)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(preprocessor);
        _model = model;
        _decoder = decoder;
        _preprocessor = preprocessor;
    }

    /// <summary>Embeds the photos and labels with the frozen model and fits an adapter.</summary>
    public EmbeddingAdapter Train(
        IReadOnlyList<LabelledPhoto> photos,
        AdapterOptions? options = null,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(photos);
        if (photos.Count < 2)
        {
            throw new ArgumentException("An adapter needs at least two labelled photos.", nameof(photos));
        }

        var text = _model.Text ?? throw new InvalidOperationException($"Model {_model.Id} has no text tower.");
        var spec = _model.Image.Preprocess;
        var dimension = _model.Dimension;
        var images = new float[photos.Count][];
        var pixels = new float[spec.TensorLength];
        for (var i = 0; i < photos.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var photo = _decoder.Decode(photos[i].Path, spec.MinimumDecodeEdge, cancellationToken);
            _preprocessor.Preprocess(photo.Image, spec, pixels);
            images[i] = new float[dimension];
            _model.Image.Encode(pixels, 1, images[i]);
            if (i % 16 == 15)
            {
                progress?.Report($"embedded {i + 1}/{photos.Count} photos");
            }
        }

        var labels = photos.Select(p => p.Label).Distinct(StringComparer.Ordinal).ToList();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var texts = text.Encode(labels);
        progress?.Report($"fitting a rank-{(options ?? new AdapterOptions()).Rank} adapter on {photos.Count} photos, {labels.Count} labels");
        return Fit(_model.Id, images, [.. photos.Select(p => labelIndex[p.Label])], texts, options ?? new AdapterOptions(), cancellationToken);
    }

    /// <summary>
    /// Fits an adapter to precomputed unit vectors: <paramref name="images"/> with the index of their label in
    /// <paramref name="labels"/>.
    /// </summary>
    public static EmbeddingAdapter Fit(
        string modelId,
        IReadOnlyList<float[]> images,
        IReadOnlyList<int> imageLabels,
        IReadOnlyList<float[]> labels,
        AdapterOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var d = labels[0].Length;
        var r = options.Rank;
        var n = images.Count;
        var m = labels.Count;
        var rng = new Rng(options.Seed, 77, 0);
        // A = 0, B random: the adapter starts as the identity and B's directions are learned through A first.
        var sides = options.AdaptImages ? 2 : 1;
        var parameters = new float[sides * 2 * d * r];
        for (var side = 0; side < sides; side++)
        {
            var b = parameters.AsSpan(((side * 2) + 1) * d * r, d * r);
            for (var i = 0; i < b.Length; i++)
            {
                b[i] = rng.NextGaussian() / MathF.Sqrt(d);
            }
        }

        var gradient = new float[parameters.Length];
        var adam = new AdamOptimizer(parameters.Length, 0.9f, 0.999f, 1e-8f);
        var imageGroups = imageLabels.ToArray();
        var textGroups = Enumerable.Range(0, m).ToArray();
        var adaptedImages = new float[n * d];
        var adaptedTexts = new float[m * d];
        var dImages = new float[n * d];
        var dTexts = new float[m * d];
        var imageCache = new (float[] Low, float Norm)[n];
        var textCache = new (float[] Low, float Norm)[m];
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var textParams = Side(parameters, 0, d, r);
            var imageParams = options.AdaptImages ? Side(parameters, 1, d, r) : default;
            for (var j = 0; j < m; j++)
            {
                textCache[j] = Forward(textParams, labels[j], adaptedTexts.AsSpan(j * d, d), d, r);
            }

            for (var i = 0; i < n; i++)
            {
                if (options.AdaptImages)
                {
                    imageCache[i] = Forward(imageParams, images[i], adaptedImages.AsSpan(i * d, d), d, r);
                }
                else
                {
                    images[i].CopyTo(adaptedImages.AsSpan(i * d, d));
                }
            }

            ContrastiveLoss.Compute(adaptedImages, adaptedTexts, d, options.LogitScale, imageGroups, textGroups, dImages, dTexts, out _);
            Array.Clear(gradient);
            var textGrad = Side(gradient, 0, d, r);
            for (var j = 0; j < m; j++)
            {
                Backward(textParams, labels[j], adaptedTexts.AsSpan(j * d, d), textCache[j], dTexts.AsSpan(j * d, d), textGrad, d, r);
            }

            if (options.AdaptImages)
            {
                var imageGrad = Side(gradient, 1, d, r);
                for (var i = 0; i < n; i++)
                {
                    Backward(imageParams, images[i], adaptedImages.AsSpan(i * d, d), imageCache[i], dImages.AsSpan(i * d, d), imageGrad, d, r);
                }
            }

            TensorPrimitives.MultiplyAdd(parameters, 2 * options.WeightDecay, gradient, gradient);
            adam.Step(parameters, gradient, options.LearningRate);
        }

        var text = Side(parameters, 0, d, r);
        var image = options.AdaptImages ? Side(parameters, 1, d, r) : default;
        return new EmbeddingAdapter(
            modelId, d, r,
            options.AdaptImages ? image.A.ToArray() : null,
            options.AdaptImages ? image.B.ToArray() : null,
            text.A.ToArray(),
            text.B.ToArray());
    }

    private static LowRank Side(float[] p, int side, int d, int r) =>
        new(p.AsMemory(side * 2 * d * r, d * r), p.AsMemory(((side * 2) + 1) * d * r, d * r));

    /// <summary>y = normalize(v + A·(B·v)); returns B·v and the norm for the backward pass.</summary>
    private static (float[] Low, float Norm) Forward(LowRank w, ReadOnlySpan<float> v, Span<float> y, int d, int r)
    {
        var low = new float[r];
        var b = w.B.Span;
        var a = w.A.Span;
        for (var k = 0; k < r; k++)
        {
            low[k] = TensorPrimitives.Dot(b.Slice(k * d, d), v);
        }

        Span<float> u = stackalloc float[d];
        for (var i = 0; i < d; i++)
        {
            u[i] = v[i] + TensorPrimitives.Dot(a.Slice(i * r, r), low);
        }

        return (low, NetOps.Normalize(u, y));
    }

    private static void Backward(LowRank w, ReadOnlySpan<float> v, ReadOnlySpan<float> y, (float[] Low, float Norm) cache, ReadOnlySpan<float> dy, LowRank grad, int d, int r)
    {
        Span<float> du = stackalloc float[d];
        NetOps.NormalizeBackward(y, cache.Norm, dy, du);
        var a = w.A.Span;
        var dA = grad.A.Span;
        var dB = grad.B.Span;
        Span<float> dLow = stackalloc float[r];
        dLow.Clear();
        for (var i = 0; i < d; i++)
        {
            var row = dA.Slice(i * r, r);
            TensorPrimitives.MultiplyAdd(cache.Low, du[i], row, row);
            TensorPrimitives.MultiplyAdd(a.Slice(i * r, r), du[i], dLow, dLow);
        }

        for (var k = 0; k < r; k++)
        {
            var row = dB.Slice(k * d, d);
            TensorPrimitives.MultiplyAdd(v, dLow[k], row, row);
        }
    }

    private readonly record struct LowRank(Memory<float> A, Memory<float> B);
}
