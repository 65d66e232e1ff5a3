namespace VlSearch.Indexing.Enrichment;

/// <summary>What a run of <see cref="EnrichmentRunner"/> did.</summary>
public sealed class EnrichmentRunResult
{
    /// <summary>Name of the stage.</summary>
    public required string Stage { get; init; }

    /// <summary>Identifier of the stage's model.</summary>
    public required string Model { get; init; }

    /// <summary>Photos the stage finished (marked), with or without tags.</summary>
    public long Enriched { get; init; }

    /// <summary>Tags written.</summary>
    public long Tags { get; init; }

    /// <summary>Photos that failed (recorded as file errors of the stage).</summary>
    public long Failed { get; init; }

    /// <summary>Photos skipped: failed before with an unchanged file, or without the embedding the stage reads.</summary>
    public long Skipped { get; init; }

    /// <summary>Whether the stage's tags and marks were dropped first because its fingerprint changed.</summary>
    public bool ModelChanged { get; init; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Part of <see cref="Elapsed"/> spent preparing the stage (loading models, label embeddings, calibration).</summary>
    public TimeSpan Preparation { get; init; }

    /// <summary>Photos per second over the batches (preparation left out).</summary>
    public double PhotosPerSecond => (Elapsed - Preparation).TotalSeconds <= 0 ? 0 : (Enriched + Failed) / (Elapsed - Preparation).TotalSeconds;
}
