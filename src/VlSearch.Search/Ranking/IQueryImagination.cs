using VlSearch.Core;

namespace VlSearch.Search.Ranking;

/// <summary>
/// Turns the description of an <c>imagine:</c> term into a vector: the host draws it with its text-to-image service
/// and embeds the picture with the model's image encoder. The search side knows no provider, only this.
/// </summary>
public interface IQueryImagination
{
    /// <summary>The drawn picture's embedding in <paramref name="model"/>'s space.</summary>
    /// <exception cref="Core.Answers.AnswerProviderException">
    /// No text-to-image service is configured (<see cref="Core.Answers.AnswerFailure.NotConfigured"/>: the query is
    /// refused, naming why), or the service fails.
    /// </exception>
    Task<float[]> EmbedAsync(string description, IEmbeddingModel model, CancellationToken cancellationToken);
}
