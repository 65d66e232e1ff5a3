namespace VlSearch.Search.Querying;

/// <summary>Builds the parser's errors, all in one shape: "what is wrong at position N; what to do".</summary>
internal static class QueryErrors
{
    public static QuerySyntaxException At(string problem, int position, int length, string advice)
    {
        var end = advice.Length > 0 && advice[^1] is '.' or '?' or '!' or ')' or '"' ? "" : ".";
        return new QuerySyntaxException($"{problem} at position {position}; {advice}{end}", position, Math.Max(1, length));
    }
}
