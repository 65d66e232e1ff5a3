using VlSearch.Core;

namespace VlSearch.Training;

/// <summary>One rendered scene with a caption.</summary>
/// <param name="Image">224×224 RGB raster.</param>
/// <param name="Caption">A natural-language caption (one paraphrase of the scene).</param>
/// <param name="Key">
/// Canonical description of the scene; two scenes with the same key match the same captions, so retrieval counts
/// every image with the query's key as relevant.
/// </param>
/// <param name="Label">A short label (colour and shape of the first object), used for folder-labelled photo sets.</param>
public sealed record GeneratedScene(RgbImage Image, string Caption, string Key, string Label);
