using VlSearch.Core;

namespace VlSearch.Indexing.Enrichment;

/// <summary>One photo handed to a stage.</summary>
/// <param name="PhotoId">Catalog id.</param>
/// <param name="Path">Full path of the file.</param>
/// <param name="Image">The decoded photo, for <see cref="EnrichmentInput.Pixels"/> stages.</param>
/// <param name="Embedding">The stored, L2-normalised image embedding, for <see cref="EnrichmentInput.Embedding"/> stages.</param>
public sealed record EnrichmentItem(long PhotoId, string Path, RgbImage? Image, float[]? Embedding);
