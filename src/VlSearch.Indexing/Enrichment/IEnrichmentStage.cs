namespace VlSearch.Indexing.Enrichment;

/// <summary>
/// One enrichment stage of the indexer (zero-shot tags, detected objects…): a model that turns a batch of catalogued
/// photos into tags. <see cref="EnrichmentRunner"/> picks the photos, feeds the stage their decoded pixels or stored
/// embedding, and writes its tags and a per-photo mark in one transaction per batch.
/// </summary>
public interface IEnrichmentStage
{
    /// <summary>Name of the stage (its job kinds are <c>{Name}-missing</c> and <c>{Name}-all</c>); also its file error stage.</summary>
    string Name { get; }

    /// <summary>Identifier of the model the stage runs; its tags name it as their source.</summary>
    string Model { get; }

    /// <summary>
    /// Version of everything that changes the stage's results (model files, label list, thresholds): when it differs
    /// from the one the catalog recorded, the stage's tags and marks are dropped and every photo is done again.
    /// </summary>
    string Fingerprint { get; }

    /// <summary>The tag kinds (<see cref="Catalog.PhotoTagKinds"/>) this stage writes and replaces; never <c>user</c>.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>
    /// Whether the stage can run here (enabled, its model installed); a cheap check that loads nothing. Jobs are not
    /// queued for an unavailable stage, and a run of one fails with the reason <see cref="PrepareAsync"/> gives.
    /// </summary>
    bool Available { get; }

    /// <summary>Whether jobs run the stage by themselves after a scan that changed the catalog (when available).</summary>
    bool QueueAfterScan { get; }

    /// <summary>What the stage reads of each photo.</summary>
    EnrichmentInput Input { get; }

    /// <summary>With <see cref="EnrichmentInput.Embedding"/>: the embedding model whose stored vectors the stage reads.</summary>
    string? EmbeddingModel { get; }

    /// <summary>Longest edge a decoded photo needs (with <see cref="EnrichmentInput.Pixels"/>); 0 for full size.</summary>
    int DecodeEdge { get; }

    /// <summary>Runs once before the first batch of a run (loads the model, calibrates on the library); may throw to fail the run.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The tags of each item, in order. An exception fails every item of the batch (recorded as file errors); a
    /// stage that can tell which photo failed returns <see cref="EnrichmentOutcome.Failure"/> for it instead.
    /// </summary>
    IReadOnlyList<EnrichmentOutcome> Run(IReadOnlyList<EnrichmentItem> items, CancellationToken cancellationToken);
}
