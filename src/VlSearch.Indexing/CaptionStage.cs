using VlSearch.Core.Answers;

namespace VlSearch.Indexing;

/// <summary>
/// The caption stage as a host configured it: the captioner, the vision chat model (null where captioning is off,
/// with <see cref="Unavailable"/> saying why) and its settings.
/// </summary>
public sealed record CaptionStage(PhotoCaptioner Captioner, IVisionChat? Chat, CaptionSettings Settings, string? Unavailable);
