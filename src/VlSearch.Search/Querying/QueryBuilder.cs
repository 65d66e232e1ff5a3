namespace VlSearch.Search.Querying;

/// <summary>
/// Collects what <see cref="QueryReader"/> finds and checks what only the whole query shows: repeated single-valued
/// filters, a date range that leaves no time, too many vector terms.
/// </summary>
internal sealed class QueryBuilder(string text)
{
    private readonly List<string> freeText = [];
    private readonly List<QueryTerm> terms = [];
    private readonly List<string> keywordWords = [];
    private readonly List<string> requiredPhrases = [];
    private readonly List<string> excludedPhrases = [];
    private readonly Dictionary<string, List<string>> lists = new(StringComparer.Ordinal);
    private readonly HashSet<string> singles = new(StringComparer.Ordinal);
    private int freePosition = -1;
    private DateTime? takenFrom;
    private DateTime? takenTo;
    private GeoRadius? near;
    private PhotoOrientation? orientation;

    private int VectorTermCount => terms.Count + (freeText.Count > 0 ? 1 : 0);

    /// <summary>A free word: part of the one free-text term, and a keyword word.</summary>
    public void AddFreeWord(string word, int position)
    {
        AddFreeText(word, position);
        AddDistinct(keywordWords, word);
    }

    /// <summary>A free quoted phrase: part of the free-text term, a required keyword phrase, and its words keyword words.</summary>
    public void AddFreePhrase(string phrase, int position)
    {
        AddFreeText(phrase, position);
        AddDistinct(requiredPhrases, phrase);
        AddPhraseWords(phrase);
    }

    /// <summary>
    /// A signed or weighted text term. A positive one also ranks as keywords (a quoted one must match as a phrase);
    /// a negative one leaves its keyword matches out.
    /// </summary>
    public void AddTerm(string value, float weight, int position, bool quoted)
    {
        AddVectorTerm(new QueryTerm(QueryTermKind.Text, value, weight, position));
        if (weight < 0)
        {
            AddDistinct(excludedPhrases, value);
        }
        else if (quoted)
        {
            AddDistinct(requiredPhrases, value);
            AddPhraseWords(value);
        }
        else
        {
            AddDistinct(keywordWords, value);
        }
    }

    /// <summary>A <c>like:</c> term: a photo id (digits) or a path, embedded by the image side.</summary>
    public void AddImage(string value, float weight, int position)
    {
        if (value.All(char.IsAsciiDigit) && !long.TryParse(value, out _))
        {
            throw QueryErrors.At($"Photo id {value} is too large", position, 1, "photo ids are the numbers the results show");
        }

        AddVectorTerm(new QueryTerm(QueryTermKind.Image, value, weight, position));
    }

    /// <summary>An <c>imagine:</c> term: a description the text-to-image service draws, the picture embedded by the image side.</summary>
    public void AddImagined(string description, float weight, int position)
    {
        var text = string.Join(' ', description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length > QueryParser.MaxImagineLength)
        {
            throw QueryErrors.At(
                $"The imagine: description is longer than {QueryParser.MaxImagineLength} characters", position, 1, "describe the picture in fewer words");
        }

        AddVectorTerm(new QueryTerm(QueryTermKind.Imagined, text, weight, position));
    }

    /// <summary>A <c>key:value</c> filter; <paramref name="key"/> is one of <see cref="QueryParser.Keys"/>, lower case.</summary>
    public void AddFilter(string key, string value, int position, int valueStart)
    {
        switch (key)
        {
            case "camera" or "lens" or "tag":
                AddListValue(key, value, StringComparer.OrdinalIgnoreCase);
                break;
            case "folder" or "library":
                AddListValue(key, value, StringComparer.Ordinal);
                break;
            case "type":
                AddListValue(key, QueryValues.ParseFileType(value, valueStart), StringComparer.Ordinal);
                break;
            case "after" or "before" or "on":
                Once(key, position);
                AddPeriod(key, QueryValues.ParsePeriod(key, value, valueStart), position);
                break;
            case "near":
                Once(key, position);
                near = QueryValues.ParseNear(value, valueStart);
                break;
            default:
                Once(key, position);
                orientation = QueryValues.ParseOrientation(value, valueStart);
                break;
        }
    }

    public ParsedQuery Build()
    {
        var vectorTerms = new List<QueryTerm>(VectorTermCount);
        if (freeText.Count > 0)
        {
            // The free text embeds whole: "red car on a beach" means more to a text encoder than its words apart.
            vectorTerms.Add(new QueryTerm(QueryTermKind.Text, string.Join(' ', freeText), 1f, freePosition));
        }

        vectorTerms.AddRange(terms);
        return new ParsedQuery
        {
            Text = text,
            VectorTerms = vectorTerms,
            KeywordWords = keywordWords,
            RequiredPhrases = requiredPhrases,
            ExcludedPhrases = excludedPhrases,
            Filters = new QueryFilters
            {
                Cameras = List("camera"),
                Lenses = List("lens"),
                FileTypes = List("type"),
                Folders = List("folder"),
                Libraries = List("library"),
                Tags = List("tag"),
                TakenFrom = takenFrom,
                TakenTo = takenTo,
                Near = near,
                Orientation = orientation,
            },
        };
    }

    private static void AddDistinct(List<string> list, string value)
    {
        if (!list.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(value);
        }
    }

    private void AddPhraseWords(string phrase)
    {
        foreach (var word in phrase.Split(' '))
        {
            AddDistinct(keywordWords, word);
        }
    }

    private void AddFreeText(string words, int position)
    {
        if (freeText.Count == 0)
        {
            CheckRoomForTerm(position);
            freePosition = position;
        }

        freeText.Add(words);
    }

    private void AddVectorTerm(QueryTerm term)
    {
        CheckRoomForTerm(term.Position);
        terms.Add(term);
    }

    private void CheckRoomForTerm(int position)
    {
        if (VectorTermCount >= QueryParser.MaxVectorTerms)
        {
            throw QueryErrors.At(
                $"More than {QueryParser.MaxVectorTerms} terms to embed", position, 1,
                "the free text counts as one term, and each +, -, weighted, like: or imagine: term as one; merge some into the free text");
        }
    }

    private void AddListValue(string key, string value, StringComparer comparer)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        if (!list.Contains(value, comparer))
        {
            list.Add(value);
        }
    }

    private List<string>? List(string key) => lists.GetValueOrDefault(key);

    private void Once(string key, int position)
    {
        if (!singles.Add(key))
        {
            var advice = key switch
            {
                "near" => "a query searches around one place",
                "orientation" => "give one orientation",
                _ => "a date range takes at most one after:, one before: and one on:",
            };
            throw QueryErrors.At($"'{key}:' is given twice", position, key.Length + 1, advice);
        }
    }

    /// <summary>
    /// after: keeps from the first instant of its period, before: up to the last instant before its period, on: the
    /// period itself; together they intersect, and an empty intersection is an error at the filter that emptied it.
    /// </summary>
    private void AddPeriod(string key, (DateTime First, DateTime Last) period, int position)
    {
        var (from, to) = (takenFrom, takenTo);
        switch (key)
        {
            case "after":
                from = Later(from, period.First);
                break;
            case "before":
                if (period.First == DateTime.MinValue)
                {
                    throw QueryErrors.At("Nothing can be taken before year 1", position, key.Length + 1, "pick a later date");
                }

                to = Earlier(to, period.First.AddTicks(-1));
                break;
            default:
                from = Later(from, period.First);
                to = Earlier(to, period.Last);
                break;
        }

        if (from > to)
        {
            throw QueryErrors.At(
                "The dates leave no time to search",
                position,
                1 + key.Length,
                $"together they keep from {from:yyyy-MM-dd HH:mm:ss} to {to:yyyy-MM-dd HH:mm:ss}; after: keeps its period and what follows, before: only what precedes its period");
        }

        (takenFrom, takenTo) = (from, to);
    }

    private static DateTime Later(DateTime? current, DateTime value) => current is { } c && c > value ? c : value;

    private static DateTime Earlier(DateTime? current, DateTime value) => current is { } c && c < value ? c : value;
}
