using System.Buffers;
using VlSearch.Core;

namespace VlSearch.Search;

/// <summary>Text and image queries against one model's collection.</summary>
public sealed class PhotoSearch(IVectorIndex index, IPhotoDecoder decoder, IImagePreprocessor preprocessor)
{
    /// <summary>Largest number of results one query may ask for.</summary>
    public const int MaxResults = 1000;

    /// <summary>Longest query text accepted; longer text is almost always a mistake (a pasted file).</summary>
    public const int MaxQueryLength = 2000;

    /// <summary>Finds the photos that best match a natural-language description.</summary>
    public async Task<IReadOnlyList<ScoredPhoto>> SearchTextAsync(IEmbeddingModel model, string query, int k, PhotoFilter? filter = null, int offset = 0, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("The query is empty: describe what to find, e.g. \"two kids on a beach\".", nameof(query));
        }

        if (query.Length > MaxQueryLength)
        {
            throw new ArgumentException($"The query is longer than {MaxQueryLength} characters.", nameof(query));
        }

        if (model.Text is null)
        {
            throw new ArgumentException($"The model '{model.Id}' has no text encoder; it can only search by image (vlsearch similar).", nameof(model));
        }

        var vector = model.Text.Encode([query.Trim()])[0];
        // A text query is what a SigLIP-style model's probability is calibrated for.
        return model.Scale.Apply(await SearchVectorAsync(model, vector, k, filter, offset, cancellationToken));
    }

    /// <summary>Finds the photos that look most like an image file (indexed or not).</summary>
    public async Task<IReadOnlyList<ScoredPhoto>> SearchImageAsync(IEmbeddingModel model, string imagePath, int k, PhotoFilter? filter = null, int offset = 0, CancellationToken cancellationToken = default)
    {
        var vector = EmbedImage(model, imagePath, cancellationToken);
        return await SearchVectorAsync(model, vector, k, filter, offset, cancellationToken);
    }

    /// <summary>Searches with a vector already in the model's space.</summary>
    public async Task<IReadOnlyList<ScoredPhoto>> SearchVectorAsync(IEmbeddingModel model, float[] vector, int k, PhotoFilter? filter = null, int offset = 0, CancellationToken cancellationToken = default)
    {
        if (k is < 1 or > MaxResults)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The number of results must be between 1 and {MaxResults}.");
        }

        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset cannot be negative.");
        }

        var spec = new CollectionSpec(model.Id, model.Dimension);
        if (await index.CountAsync(spec.Name, cancellationToken) == 0)
        {
            return [];
        }

        return await index.SearchAsync(spec.Name, new VectorSearchRequest(vector, k) { Filter = filter, Offset = offset }, cancellationToken);
    }

    /// <summary>Decodes, preprocesses and embeds one image file.</summary>
    public float[] EmbedImage(IEmbeddingModel model, string imagePath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(imagePath))
        {
            throw new FileNotFoundException($"Image not found: {imagePath}", imagePath);
        }

        var spec = model.Image.Preprocess;
        var photo = decoder.Decode(imagePath, spec.MinimumDecodeEdge, cancellationToken);
        var pixels = ArrayPool<float>.Shared.Rent(spec.TensorLength);
        try
        {
            preprocessor.Preprocess(photo.Image, spec, pixels.AsSpan(0, spec.TensorLength));
            var vector = new float[model.Image.Dimension];
            model.Image.Encode(pixels.AsSpan(0, spec.TensorLength), 1, vector);
            return vector;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pixels);
        }
    }
}
