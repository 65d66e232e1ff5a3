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
    /// Terms summed into the query vector, each with its weight: the free text first (one term, its words and quoted
    /// phrases together in order, single-spaced, weight 1, since a description embeds better whole than word by word),
    /// then in the order typed <c>+word</c> (weight 1), <c>-word</c> (<see cref="QueryParser.DefaultExcludeWeight"/>),
    /// <c>w:word</c> (weight w), and <c>like:</c> image terms. Empty when the query only filters. Weights are never 0
    /// and at most <see cref="QueryParser.MaxWeight"/> in magnitude; at most <see cref="QueryParser.MaxVectorTerms"/> terms.
    /// </summary>
    public IReadOnlyList<QueryTerm> VectorTerms { get; init; } = [];

    /// <summary>
    /// Words the keyword retriever ranks by (any may match): the free text's words, the words of every positive quoted
    /// phrase, and the positive <c>+word</c> / <c>w:word</c> terms; as typed (the keyword index tokenizes them),
    /// without case-insensitive repeats.
    /// </summary>
    public IReadOnlyList<string> KeywordWords { get; init; } = [];

    /// <summary>
    /// Quoted phrases (free, <c>+"..."</c> or with a positive weight), single-spaced: every hit must contain each as
    /// keywords, in order.
    /// </summary>
    public IReadOnlyList<string> RequiredPhrases { get; init; } = [];

    /// <summary>
    /// Words and phrases with a negative weight (<c>-word</c>, <c>-"phrase"</c>, <c>-2:word</c>) whose keyword matches
    /// are left out.
    /// </summary>
    public IReadOnlyList<string> ExcludedPhrases { get; init; } = [];

    /// <summary>The <c>key:value</c> filters.</summary>
    public QueryFilters Filters { get; init; } = new();

    /// <summary>Whether there is anything to rank by (a vector term or a keyword word); a filter-only query lists matches.</summary>
    public bool HasRankingTerms => VectorTerms.Count > 0 || KeywordWords.Count > 0 || RequiredPhrases.Count > 0;

    /// <summary>
    /// One line saying how the query was read, for <c>--explain</c>, logs and tests, e.g.
    /// <c>vector: "beach" ×1, "people" ×-0.5 · keywords: beach · excluded: "people" · camera: canon</c>.
    /// </summary>
    public string Describe() => QueryDescription.Of(this);
}
