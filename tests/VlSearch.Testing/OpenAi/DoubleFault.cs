namespace VlSearch.Testing.OpenAi;

/// <summary>A failure the OpenAI-compatible double plays instead of a normal reply.</summary>
public enum DoubleFault
{
    None,

    /// <summary>401 with an OpenAI error body: the key is wrong.</summary>
    Unauthorized,

    /// <summary>429 with <c>Retry-After</c>: the provider's rate limit.</summary>
    TooManyRequests,

    /// <summary>200 whose body is not JSON.</summary>
    MalformedJson,

    /// <summary>
    /// A stream that sends a first delta and then ends without a finish reason or <c>[DONE]</c>; a plain reply
    /// drops the connection instead.
    /// </summary>
    StreamCutOff,

    /// <summary>Answers only after the caller's timeout: the request waits until the client gives up.</summary>
    Slow,
}
