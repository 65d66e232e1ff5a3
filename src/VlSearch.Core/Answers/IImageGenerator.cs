namespace VlSearch.Core.Answers;

/// <summary>A text-to-image model: draws what a description says.</summary>
public interface IImageGenerator
{
    /// <exception cref="AnswerProviderException">The provider is down, refuses, is too slow or replies with something unreadable.</exception>
    Task<GeneratedImage> GenerateAsync(string description, CancellationToken cancellationToken);
}
