namespace VlSearch.Core.Answers;

/// <summary>An image a text-to-image model drew, as bytes (the provider's reply carries them inline).</summary>
public sealed record GeneratedImage(ReadOnlyMemory<byte> Bytes, string MediaType, string? RevisedPrompt);
