namespace VlSearch.Core.Answers;

/// <summary>Why a model provider gave no usable answer; decides the HTTP status and the message shown.</summary>
public enum AnswerFailure
{
    /// <summary>No provider is configured for the capability (503).</summary>
    NotConfigured,

    /// <summary>The endpoint cannot be reached (503).</summary>
    Unavailable,

    /// <summary>The provider's rate limit (429 upstream; 503 with Retry-After here).</summary>
    RateLimited,

    /// <summary>The provider refused the key (401/403 upstream; 502 here: the server's configuration is wrong, not the caller).</summary>
    Unauthorized,

    /// <summary>The reply was malformed, cut off or an upstream error (502).</summary>
    BadReply,

    /// <summary>No reply within the configured timeout (504).</summary>
    Timeout,
}
