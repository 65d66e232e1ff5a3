namespace VlSearch.Web.Services;

/// <summary>
/// Bounded work (upload decodes, thumbnail making) has every slot taken and its queue full; the caller is answered
/// 503 with <c>Retry-After</c> rather than made to wait without limit.
/// </summary>
public sealed class ServerBusyException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>How long the client is asked to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
