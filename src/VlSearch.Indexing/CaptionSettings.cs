namespace VlSearch.Indexing;

/// <summary>How the caption stage asks its model: which model it records, how many requests at once, how it retries.</summary>
public sealed record CaptionSettings
{
    /// <summary>The model id stored as <see cref="Catalog.Photo.CaptionModel"/> and in the stage's fingerprint.</summary>
    public required string Model { get; init; }

    public int Concurrency { get; init; } = 2;

    /// <summary>Attempts per photo before its failure is recorded.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first backoff (doubled per attempt, at most a minute); a provider's Retry-After wins.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxTokens { get; init; } = 120;

    /// <summary>What the model is asked; part of the fingerprint, so a new prompt captions every photo again.</summary>
    public string Prompt { get; init; } =
        "Write one plain sentence (at most 30 words) that describes this photo for search: the main subjects, what they do, the place and the light. No preamble.";
}
