namespace VlSearch.Hosting.Answers;

/// <summary><c>Answers:Captioning</c>: the vision chat model that writes a caption per photo.</summary>
public sealed class CaptioningOptions : AnswerProviderOptions
{
    public const string SectionName = "Answers:Captioning";

    public override string Capability => "Captioning";

    /// <summary>Attempts per photo before it is recorded as failed.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first backoff after a failure (doubled per attempt); a provider's Retry-After wins.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
