using VlSearch.Core;
using VlSearch.Core.Answers;
using VlSearch.Search;
using VlSearch.Search.Ranking;

namespace VlSearch.Hosting.Answers;

/// <summary>"Imagine": draws a description with the text-to-image model, embeds the picture with the image encoder and searches with it.</summary>
/// <remarks>As the pipeline's <see cref="IQueryImagination"/> it also embeds the query language's <c>imagine:</c> terms.</remarks>
public sealed class PhotoImagining(AnswerProviders providers, PhotoSearch search) : IQueryImagination
{
    public const int MaxDescriptionLength = 1000;

    /// <exception cref="ArgumentException">The description is empty or too long.</exception>
    /// <exception cref="AnswerProviderException">Image generation is off, or the provider fails.</exception>
    /// <exception cref="CostLimitException">The requests-per-minute budget is spent.</exception>
    public async Task<GeneratedImage> DrawAsync(string description, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new ArgumentException("Describe the picture to imagine.");
        }

        if (description.Length > MaxDescriptionLength)
        {
            throw new ArgumentException($"The description is longer than {MaxDescriptionLength} characters.");
        }

        var generator = providers.ImageGenerator();
        AnswerProviders.Take(providers.ImagineRate, providers.Imagine);
        return await generator.GenerateAsync(description.Trim(), cancellationToken);
    }

    /// <summary>Draws the description and searches with the picture's embedding.</summary>
    /// <exception cref="PhotoDecodeException">The provider's picture does not decode.</exception>
    public async Task<ImagineResult> SearchAsync(string description, IEmbeddingModel model, int k, PhotoFilter? filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var image = await DrawAsync(description, cancellationToken);
        var vector = Embed(image, model, cancellationToken);
        var hits = await search.SearchVectorAsync(model, vector, k, filter, 0, cancellationToken);
        return new ImagineResult(image, vector, hits);
    }

    /// <inheritdoc />
    /// <exception cref="CostLimitException">The requests-per-minute budget is spent.</exception>
    public async Task<float[]> EmbedAsync(string description, IEmbeddingModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var image = await DrawAsync(description, cancellationToken);
        try
        {
            return Embed(image, model, cancellationToken);
        }
        catch (PhotoDecodeException e)
        {
            // The service's reply is at fault, not the query: a 502 in the API, as for /imagine.
            throw new AnswerProviderException(AnswerFailure.BadReply, "The generated picture does not decode: " + e.Message, e);
        }
    }

    /// <summary>The picture's embedding with the model's image encoder (the decoder reads files, so it passes through a temporary one).</summary>
    public float[] Embed(GeneratedImage image, IEmbeddingModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var extension = image.MediaType switch { "image/jpeg" => ".jpg", "image/webp" => ".webp", _ => ".png" };
        var path = Path.Combine(Path.GetTempPath(), "vlsearch-imagine-" + Guid.NewGuid().ToString("N") + extension);
        try
        {
            File.WriteAllBytes(path, image.Bytes.ToArray());
            return search.EmbedImage(model, path, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
