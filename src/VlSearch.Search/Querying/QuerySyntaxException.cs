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

    /// <summary>
    /// Two lines a host can print under the message: the query (a window of it when long) and a caret line under the
    /// offending part, e.g. <c>beach colour:red</c> / <c>      ^^^^^^^</c>. Control characters show as U+FFFD so the
    /// caret stays aligned; columns count user-perceived characters, so an emoji is one column.
    /// </summary>
    /// <param name="text">The query text the exception came from.</param>
    public string Pointer(string text) => QueryPointer.Format(text ?? "", Position, Length);
}
