namespace VlSearch.Search.Querying;

/// <summary>The query language's one parser, shared by the CLI, the API and the web app.</summary>
public static class QueryParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="QuerySyntaxException">The text is not a valid query; the message points at the offending character.</exception>
    public static ParsedQuery Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Placeholder until the full language lands: the whole text is one free-text term.
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new QuerySyntaxException("The query is empty.", 0);
        }

        return new ParsedQuery
        {
            Text = text,
            VectorTerms = [new QueryTerm(QueryTermKind.Text, trimmed, 1f, text.IndexOf(trimmed[0], StringComparison.Ordinal))],
            KeywordWords = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        };
    }
}
