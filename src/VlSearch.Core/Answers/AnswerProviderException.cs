namespace VlSearch.Core.Answers;

/// <summary>A model provider failed; <see cref="Failure"/> says how, the message says it in one line without secrets.</summary>
public sealed class AnswerProviderException : Exception
{
    public AnswerProviderException()
    {
    }

    public AnswerProviderException(string message)
        : base(message)
    {
    }

    public AnswerProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AnswerProviderException(AnswerFailure failure, string message, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Failure = failure;
        RetryAfter = retryAfter;
    }

    public AnswerFailure Failure { get; } = AnswerFailure.BadReply;

    /// <summary>How long the provider asked to wait (its <c>Retry-After</c>), where it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
