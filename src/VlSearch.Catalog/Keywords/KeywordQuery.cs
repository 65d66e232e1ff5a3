namespace VlSearch.Catalog.Keywords;

/// <summary>
/// A keyword query in words already normalized by <see cref="KeywordTokenizer"/> (anything else is refused: the words
/// go into the engines' own query syntax). Build one from user text with <see cref="FromText"/>.
/// </summary>
public sealed record KeywordQuery
{
    /// <summary>Largest <see cref="Limit"/> accepted.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Words that must match (or may, with <see cref="KeywordMatch.Any"/>).</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary>Phrases: words that must appear next to each other, in order, within one field.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Phrases { get; init; } = [];

    /// <summary>Words whose photos are left out.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>Whether every term and phrase must match, or any.</summary>
    public KeywordMatch Match { get; init; } = KeywordMatch.All;

    /// <summary>Most hits returned.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>
    /// The fields the terms and phrases match in; exclusions always look at every field, so an excluded word leaves
    /// its photos out whichever field holds it.
    /// </summary>
    public KeywordFields Fields { get; init; } = KeywordFields.All;

    /// <summary>Only photos of this library, when set.</summary>
    public int? LibraryId { get; init; }

    /// <summary>Whether the query can match anything: it needs at least one term or phrase.</summary>
    public bool HasPositiveTerms => Terms.Count > 0 || Phrases.Any(p => p.Count > 0);

    /// <summary>A query whose terms are the words of <paramref name="text"/>.</summary>
    public static KeywordQuery FromText(string text, int limit = 100, KeywordMatch match = KeywordMatch.All) =>
        new() { Terms = KeywordTokenizer.Tokenize(text).Distinct(StringComparer.Ordinal).ToList(), Limit = limit, Match = match };

    /// <summary>Throws when a word is not a normalized token or the limit is out of range.</summary>
    /// <exception cref="ArgumentException">The query cannot be run as given.</exception>
    public void Validate()
    {
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(Limit), Limit, $"The number of results must be between 1 and {MaxLimit}.");
        }

        foreach (var word in Terms.Concat(Excluded).Concat(Phrases.SelectMany(p => p)))
        {
            if (!KeywordTokenizer.IsToken(word))
            {
                throw new ArgumentException($"'{word}' is not a keyword: use KeywordTokenizer to split text into words.", nameof(Terms));
            }
        }
    }
}
