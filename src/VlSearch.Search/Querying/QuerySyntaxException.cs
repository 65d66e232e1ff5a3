namespace VlSearch.Search.Querying;

/// <summary>
/// The query text cannot be parsed. An <see cref="ArgumentException"/>, so every host already answers it as bad input
/// (400 / exit code 2); the message names the problem and the position, which <see cref="Position"/> also carries.
/// </summary>
public sealed class QuerySyntaxException : ArgumentException
{
    public QuerySyntaxException()
    {
    }

    public QuerySyntaxException(string message)
        : base(message)
    {
    }

    public QuerySyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A syntax error at <paramref name="position"/> (0-based index into the query text).</summary>
    public QuerySyntaxException(string message, int position, int length = 1)
        : base(message)
    {
        Position = position;
        Length = length;
    }

    /// <summary>0-based index of the offending character in the query text.</summary>
    public int Position { get; }

    /// <summary>How many characters the offending part spans (at least 1).</summary>
    public int Length { get; } = 1;
}
