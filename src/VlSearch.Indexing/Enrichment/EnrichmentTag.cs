using VlSearch.Core.Tagging;

namespace VlSearch.Indexing.Enrichment;

/// <summary>A tag a stage found on a photo.</summary>
/// <param name="Label">What it says, as written (stored trimmed).</param>
/// <param name="Kind">One of <see cref="Catalog.PhotoTagKinds"/>, among the stage's <see cref="IEnrichmentStage.Kinds"/>.</param>
/// <param name="Confidence">0 to 1.</param>
/// <param name="Detection">Ordinal of the detected object an object tag and its attribute tags share; null for the whole photo.</param>
/// <param name="Box">Where the object is; null for the whole photo.</param>
public sealed record EnrichmentTag(string Label, string Kind, float Confidence, int? Detection = null, RelativeBox? Box = null);
