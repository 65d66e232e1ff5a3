namespace VlSearch.Hosting.Answers;

/// <summary>A capability's own cost limit refused a request (requests per minute); 429 with <see cref="RetryAfter"/>.</summary>
public sealed class CostLimitException : Exception
{
    public CostLimitException()
    {
    }

    public CostLimitException(string message)
        : base(message)
    {
    }

    public CostLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CostLimitException(string message, TimeSpan retryAfter)
        : base(message) => RetryAfter = retryAfter;

    public TimeSpan RetryAfter { get; }
}
