using VlSearch.Core;
using VlSearch.Core.Answers;

namespace VlSearch.Hosting.Answers;

/// <summary>An imagined picture, its embedding in the active model's space, and the photos nearest to it.</summary>
public sealed record ImagineResult(GeneratedImage Image, float[] Vector, IReadOnlyList<ScoredPhoto> Hits);
