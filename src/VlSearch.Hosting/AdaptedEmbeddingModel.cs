using VlSearch.Core;

namespace VlSearch.Hosting;

/// <summary>
/// A model seen through a personal adapter: both towers' vectors are transformed, and the id names a vector space of
/// its own (model id + adapter id) so adapted and plain vectors never mix. Removing the adapter file returns to the
/// base model's space, whose vectors were kept.
/// </summary>
public sealed class AdaptedEmbeddingModel : IEmbeddingModel
{
    private readonly IEmbeddingModel inner;
    private readonly Lazy<IImageEncoder> image;
    private readonly Lazy<ITextEncoder?> text;

    public AdaptedEmbeddingModel(IEmbeddingModel inner, EmbeddingAdapter adapter)
    {
        if (adapter.Dimension != inner.Dimension)
        {
            throw new ModelLoadException($"The adapter for {inner.Id} expects {adapter.Dimension}-d vectors but the model gives {inner.Dimension}-d ones.");
        }

        this.inner = inner;
        Adapter = adapter;
        // Sides are made on first use: a deferred model creates its sessions only when a tower is needed.
        image = new Lazy<IImageEncoder>(() => new ImageSide(inner.Image, adapter));
        text = new Lazy<ITextEncoder?>(() => inner.Text is null ? null : new TextSide(inner.Text, adapter));
    }

    /// <summary>Wraps <paramref name="model"/> when an adapter is installed for it in the data folder.</summary>
    public static IEmbeddingModel WithInstalledAdapter(IEmbeddingModel model, string dataDirectory)
    {
        var path = EmbeddingAdapter.PathFor(dataDirectory, model.Id);
        return File.Exists(path) ? new AdaptedEmbeddingModel(model, EmbeddingAdapter.Load(path)) : model;
    }

    public EmbeddingAdapter Adapter { get; }

    /// <summary>
    /// The cosine, even over a SigLIP model: its scale and bias were fitted to the base model's cosines, and the
    /// adapter moves the vectors, so a probability computed from adapted cosines would claim a calibration it lacks.
    /// </summary>
    public SimilarityScale Scale => SimilarityScale.Cosine;

    public string Id => Adapter.CollectionModelId;

    public int Dimension => inner.Dimension;

    public IImageEncoder Image => image.Value;

    public ITextEncoder? Text => text.Value;

    /// <summary>The base model is shared by the resolver; it is not disposed here.</summary>
    public void Dispose()
    {
    }

    private sealed class ImageSide(IImageEncoder inner, EmbeddingAdapter adapter) : IImageEncoder
    {
        public int Dimension => inner.Dimension;

        public PreprocessSpec Preprocess => inner.Preprocess;

        public int ConcurrentCalls => inner.ConcurrentCalls;

        public void Encode(ReadOnlySpan<float> pixels, int count, Span<float> destination)
        {
            inner.Encode(pixels, count, destination);
            for (var i = 0; i < count; i++)
            {
                adapter.ApplyImage(destination.Slice(i * Dimension, Dimension));
            }
        }
    }

    private sealed class TextSide(ITextEncoder inner, EmbeddingAdapter adapter) : ITextEncoder
    {
        public int Dimension => inner.Dimension;

        public Core.Tagging.ZeroShotPrompting Prompting => inner.Prompting;

        public float[][] Encode(IReadOnlyList<string> texts)
        {
            var vectors = inner.Encode(texts);
            foreach (var vector in vectors)
            {
                adapter.ApplyText(vector);
            }

            return vectors;
        }
    }
}
