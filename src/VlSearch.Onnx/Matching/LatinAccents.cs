namespace VlSearch.Onnx.Matching;

/// <summary>
/// Strips the accents of Latin letters (U+00C0–U+017F) as BERT's lower-casing tokenizer does, without Unicode
/// normalization: with invariant globalization the runtime does not decompose "é", so the tokenizer would see one
/// unknown letter instead of "e".
/// </summary>
public static class LatinAccents
{
    /// <summary>Base letter of each code point from U+00C0 (space: none, kept as it is).</summary>
    private const string Bases = "AAAAAA CEEEEIIII NOOOOO  UUUUY  aaaaaa ceeeeiiii nooooo  uuuuy yAaAaAaCcCcCcCcDd  EeEeEeEeEeGgGgGgGgHh  IiIiIiIiI   JjKk LlLlLl    NnNnNn   OoOoOo  RrRrRrSsSsSsSsTtTt  UuUuUuUuUuUuWwYyYZzZzZz ";

    /// <summary><paramref name="text"/> with every accented Latin letter replaced by its base letter, case kept.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(c => c is >= '\u00C0' and <= '\u017F'))
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= '\u00C0' and <= '\u017F' && Bases[c - '\u00C0'] != ' ' ? Bases[c - '\u00C0'] : c;
            }
        });
    }
}
