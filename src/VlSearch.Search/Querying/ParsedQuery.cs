namespace VlSearch.Search.Querying;

/// <summary>
/// A query in the query language, parsed (<see cref="QueryParser.Parse"/>): what to embed, what the keyword side must,
/// may and must not match, and the filters. One shape for the CLI, the API and the web app.
/// </summary>
public sealed record ParsedQuery
{
    /// <summary>The text as typed.</summary>
    public required string Text { get; init; }

    /// <summary>
    /// Terms summed into the query vector, each with its weight: the free text (one term, its words together, since
    /// a description embeds better whole than word by word), <c>+word</c> (weight 1), <c>-word</c> (a negative
    /// weight), <c>w:word</c>, and <c>like:</c> image terms. Empty when the query only filters.
    /// </summary>
    public IReadOnlyList<QueryTerm> VectorTerms { get; init; } = [];

    /// <summary>Words the keyword retriever ranks by (any may match): the free text's words and the <c>+</c> terms.</summary>
    public IReadOnlyList<string> KeywordWords { get; init; } = [];

    /// <summary>Quoted phrases: every hit must contain each as keywords, in order.</summary>
    public IReadOnlyList<string> RequiredPhrases { get; init; } = [];

    /// <summary>Words and phrases (<c>-word</c>, <c>-"phrase"</c>) whose keyword matches are left out.</summary>
    public IReadOnlyList<string> ExcludedPhrases { get; init; } = [];

    /// <summary>The <c>key:value</c> filters.</summary>
    public QueryFilters Filters { get; init; } = new();

    /// <summary>Whether there is anything to rank by (a vector term or a keyword word); a filter-only query lists matches.</summary>
    public bool HasRankingTerms => VectorTerms.Count > 0 || KeywordWords.Count > 0 || RequiredPhrases.Count > 0;
}
