namespace VlSearch.Core.Answers;

/// <summary>A chat model that sees images: answers questions about photos and writes captions.</summary>
public interface IVisionChat
{
    /// <summary>The model's reply as text deltas, in order, as the provider streams them.</summary>
    /// <exception cref="AnswerProviderException">The provider is down, refuses, is too slow or replies with something unreadable.</exception>
    IAsyncEnumerable<string> StreamAsync(VisionChatRequest request, CancellationToken cancellationToken);

    /// <summary>The model's whole reply (no streaming): what captioning uses.</summary>
    /// <exception cref="AnswerProviderException">As for <see cref="StreamAsync"/>.</exception>
    Task<string> CompleteAsync(VisionChatRequest request, CancellationToken cancellationToken);
}
