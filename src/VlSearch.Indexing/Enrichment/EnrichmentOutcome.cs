namespace VlSearch.Indexing.Enrichment;

/// <summary>What a stage made of one photo: its tags (possibly none), or why it failed.</summary>
public sealed class EnrichmentOutcome
{
    private EnrichmentOutcome(IReadOnlyList<EnrichmentTag> tags, string? error)
    {
        Tags = tags;
        Error = error;
    }

    /// <summary>The tags found; empty on failure.</summary>
    public IReadOnlyList<EnrichmentTag> Tags { get; }

    /// <summary>Why the photo failed; null on success.</summary>
    public string? Error { get; }

    /// <summary>A photo the stage finished, with what it found.</summary>
    public static EnrichmentOutcome Success(IReadOnlyList<EnrichmentTag> tags) => new(tags ?? throw new ArgumentNullException(nameof(tags)), null);

    /// <summary>A photo the stage could not handle.</summary>
    public static EnrichmentOutcome Failure(string reason) => new([], string.IsNullOrWhiteSpace(reason) ? "the stage failed" : reason);
}
