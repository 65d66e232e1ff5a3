namespace VlSearch.Core.Tagging;

/// <summary>
/// What a text tower declares about zero-shot prompting. A tower trained on a closed vocabulary (the project's own
/// tiny model) lists the words it was trained on: a label with any other word tokenizes into pieces the tower never
/// learned and scores at random, so it is not scored at all. A model may also ship its own prompt templates, written
/// in the style of its training captions (CLIP's zero-shot evaluations use per-dataset templates the same way).
/// A model that declares nothing (every downloaded CLIP) knows every word and uses the generic templates.
/// </summary>
/// <param name="KnownWords">The words the tower was trained on, lower case; null: every word is known.</param>
/// <param name="Templates">Prompt templates, <c>{}</c> standing for the label; null: the generic ones.</param>
public sealed record ZeroShotPrompting(IReadOnlySet<string>? KnownWords, IReadOnlyList<string>? Templates)
{
    /// <summary>Nothing declared: every label is scored with the generic templates.</summary>
    public static ZeroShotPrompting None { get; } = new(null, null);

    /// <summary>The words of a label as <see cref="Knows"/> checks them: lower-case runs of letters and digits.</summary>
    public static IReadOnlyList<string> Words(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= label.Length; i++)
        {
            var inWord = i < label.Length && char.IsLetterOrDigit(label[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(label[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    /// <summary>
    /// Whether the tower can represent <paramref name="label"/>: it declares no word list, or every word of the label
    /// is on it.
    /// </summary>
    public bool Knows(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (KnownWords is null)
        {
            return true;
        }

        var words = Words(label);
        return words.Count > 0 && words.All(KnownWords.Contains);
    }
}
