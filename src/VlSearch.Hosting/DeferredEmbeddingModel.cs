using VlSearch.Core;

namespace VlSearch.Hosting;

/// <summary>
/// A model known by its <see cref="ModelCard"/> whose sessions are created on the first use of a tower. The card came
/// from the same files (see <see cref="ModelCards.Fingerprint"/>); a loaded model that disagrees with it is refused,
/// so vectors never land in the wrong space.
/// </summary>
internal sealed class DeferredEmbeddingModel(ModelCard card, Func<IEmbeddingModel> load) : IEmbeddingModel
{
    private readonly Lazy<IEmbeddingModel> model = new(load, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Id => card.Id;

    public int Dimension => card.Dimension;

    public IImageEncoder Image => Loaded().Image;

    public ITextEncoder? Text => card.HasText ? Loaded().Text : null;

    /// <summary>The loaded model's scale: only text searches apply it, and they load the sessions anyway.</summary>
    public SimilarityScale Scale => card.HasText ? Loaded().Scale : SimilarityScale.Cosine;

    /// <summary>Whether the sessions have been created.</summary>
    public bool IsLoaded => model.IsValueCreated;

    /// <summary>The loaded model is shared by the resolver; it is not disposed here.</summary>
    public void Dispose()
    {
    }

    private IEmbeddingModel Loaded()
    {
        var loaded = model.Value;
        if (loaded.Id != card.Id || loaded.Dimension != card.Dimension || (loaded.Text is not null) != card.HasText)
        {
            throw new ModelLoadException(
                $"The model {card.Id} changed while in use ({loaded.Id}, {loaded.Dimension}-d now); run the command again.");
        }

        return loaded;
    }
}
