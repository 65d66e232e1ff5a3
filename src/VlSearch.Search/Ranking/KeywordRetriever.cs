using VlSearch.Catalog.Keywords;
using VlSearch.Search.Querying;

namespace VlSearch.Search.Ranking;

/// <summary>
/// The keyword side of a query: the ranked list (free-text words and <c>+</c> terms, any may match; quoted phrases
/// rank too), and the two id sets that phrases impose on both retrievers: photos holding every required phrase, and
/// photos holding an excluded word or phrase.
/// </summary>
internal sealed class KeywordRetriever(KeywordSearch search)
{
    /// <summary>The ranking query, or null when the query has no keyword words.</summary>
    public static KeywordQuery? RankingQuery(ParsedQuery query, int limit)
    {
        var terms = query.KeywordWords.SelectMany(Words).Distinct(StringComparer.Ordinal).ToList();

        // Words in nearly every caption ("a", "the") rank nothing apart but make the engine score every photo that
        // holds them; they are dropped unless the query has nothing else.
        if (terms.Any(t => !StopWords.Contains(t)))
        {
            terms.RemoveAll(StopWords.Contains);
        }

        var phrases = Phrases(query.RequiredPhrases);
        if (terms.Count == 0 && phrases.Count == 0)
        {
            return null;
        }

        // Single excluded words the engine drops itself; longer phrases go through ExcludedAsync on both sides.
        var excluded = Phrases(query.ExcludedPhrases).Where(p => p.Count == 1).Select(p => p[0]).Distinct(StringComparer.Ordinal).ToList();
        return new KeywordQuery
        {
            Terms = terms,
            Phrases = phrases,
            Excluded = excluded,
            Match = KeywordMatch.Any,
            Limit = Math.Clamp(limit, 1, KeywordQuery.MaxLimit),
        };
    }

    /// <summary>The ranked keyword hits.</summary>
    public Task<IReadOnlyList<KeywordHit>> SearchAsync(KeywordQuery query, CancellationToken cancellationToken) =>
        search.SearchIdsAsync(query, cancellationToken);

    /// <summary>
    /// Photos holding every required phrase, or null when the query has none. At most
    /// <see cref="KeywordQuery.MaxLimit"/> of them: a phrase in more photos than that can drop a real match.
    /// </summary>
    public async Task<HashSet<long>?> RequiredAsync(ParsedQuery query, CancellationToken cancellationToken)
    {
        var phrases = Phrases(query.RequiredPhrases);
        if (phrases.Count == 0)
        {
            return null;
        }

        var hits = await search.SearchIdsAsync(new KeywordQuery { Phrases = phrases, Match = KeywordMatch.All, Limit = KeywordQuery.MaxLimit }, cancellationToken);
        return [.. hits.Select(h => h.PhotoId)];
    }

    /// <summary>Photos holding any excluded word or phrase, or null when the query excludes nothing.</summary>
    public async Task<HashSet<long>?> ExcludedAsync(ParsedQuery query, CancellationToken cancellationToken)
    {
        var phrases = Phrases(query.ExcludedPhrases);
        if (phrases.Count == 0)
        {
            return null;
        }

        var hits = await search.SearchIdsAsync(new KeywordQuery { Phrases = phrases, Match = KeywordMatch.Any, Limit = KeywordQuery.MaxLimit }, cancellationToken);
        return [.. hits.Select(h => h.PhotoId)];
    }

    /// <summary>English function words dropped from the ranking words (never from phrases or exclusions).</summary>
    internal static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to", "with",
    };

    private static List<IReadOnlyList<string>> Phrases(IEnumerable<string> texts) =>
        [.. texts.Select(t => (IReadOnlyList<string>)[.. Words(t)]).Where(p => p.Count > 0)];

    /// <summary>
    /// The tokenizer's words that the keyword query accepts: a letter with no lower-case form (script capitals such as
    /// ℬ) survives tokenizing but is no token, and would make the whole query fail.
    /// </summary>
    private static IEnumerable<string> Words(string text) => KeywordTokenizer.Tokenize(text).Where(KeywordTokenizer.IsToken);
}
