namespace VlSearch.Search.Querying;

/// <summary>
/// The query language's one parser, shared by the CLI, the API and the web app. The language is documented in
/// docs/search/query-language.md; in short:
/// <list type="bullet">
/// <item>free words and <c>"quoted phrases"</c> form one text term (weight 1); a phrase must also match as keywords;</item>
/// <item><c>+word</c> adds a text term of weight 1, <c>-word</c> / <c>-"phrase"</c> subtracts one
/// (<see cref="DefaultExcludeWeight"/>) and leaves out its keyword matches; <c>0.5:word</c> gives an explicit weight;</item>
/// <item><c>like:123</c> / <c>like:"/photos/a b.jpg"</c> adds an image term, with the same signs and weights;</item>
/// <item><c>imagine:"a red kite over a beach"</c> adds an image term drawn by the configured text-to-image service
/// (its picture embedded by the image encoder), with the same signs and weights;</item>
/// <item><c>key:value</c> filters, the keys listed in <see cref="Keys"/>.</item>
/// </list>
/// </summary>
public static class QueryParser
{
    /// <summary>Weight of a <c>-word</c>, <c>-"phrase"</c> or <c>-like:</c> term given without an explicit weight.</summary>
    public const float DefaultExcludeWeight = -0.5f;

    /// <summary>Largest magnitude of an explicit weight (<c>w:term</c> with -10 ≤ w ≤ 10, w ≠ 0).</summary>
    public const float MaxWeight = 10f;

    /// <summary>
    /// Most vector terms one query may carry (the free text counts as one); each costs an encoder call, so a
    /// pasted list of hundreds of <c>+word</c>s is refused rather than run.
    /// </summary>
    public const int MaxVectorTerms = 16;

    /// <summary>Longest description an <c>imagine:</c> term may carry (the text-to-image services' prompts are short).</summary>
    public const int MaxImagineLength = 1000;

    /// <summary>Radius of <c>near:lat,lon</c> when the kilometres are left out.</summary>
    public const double DefaultNearKilometres = 10;

    /// <summary>Largest <c>near:</c> radius: about half the earth's circumference, which already covers all of it.</summary>
    public const double MaxNearKilometres = 20_000;

    /// <summary>The filter keys, in the order error messages list them (each written <c>key:value</c>).</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["camera", "lens", "type", "folder", "library", "tag", "after", "before", "on", "near", "orientation"];

    /// <summary>
    /// The values <c>type:</c> accepts, as the catalog stores them; <c>jpg</c> and <c>jpe</c> are read as
    /// <c>jpeg</c>, <c>tif</c> as <c>tiff</c>, and a leading dot is dropped (<c>type:.png</c>).
    /// </summary>
    public static IReadOnlyList<string> FileTypes { get; } = ["jpeg", "png", "webp", "gif", "bmp", "tiff"];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <returns>The parsed query; <see cref="ParsedQuery.Text"/> is <paramref name="text"/> as given.</returns>
    /// <exception cref="QuerySyntaxException">
    /// The text is not a valid query (empty, longer than <see cref="PhotoSearch.MaxQueryLength"/>, a control
    /// character, an unknown filter, a bad value...); the message says what is wrong and where, and
    /// <see cref="QuerySyntaxException.Position"/> is within [0, text length]. No other exception escapes,
    /// whatever the text.
    /// </exception>
    public static ParsedQuery Parse(string text)
    {
        // Hosts bind the query from user input; a missing one is the same mistake as an empty one.
        text ??= "";
        CheckCharacters(text);
        return new QueryReader(text).Read();
    }

    private static void CheckCharacters(string text)
    {
        if (text.Length > PhotoSearch.MaxQueryLength)
        {
            throw QueryErrors.At(
                $"The query is longer than {PhotoSearch.MaxQueryLength} characters",
                PhotoSearch.MaxQueryLength,
                text.Length - PhotoSearch.MaxQueryLength,
                "shorten it");
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
            {
                throw QueryErrors.At(
                    $"Control character U+{(int)c:X4} in the query", i, 1, "type the query on one line, with spaces between words");
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                // A lone half of a surrogate pair is not text; encoders and databases would each treat it differently.
                throw QueryErrors.At($"Invalid character U+{(int)c:X4} (half of a surrogate pair) in the query", i, 1, "retype the character");
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw QueryErrors.At("The query is empty", 0, 1, "describe what to find, e.g. \"two kids on a beach\", or give a filter such as camera:canon");
        }
    }
}
