using System.Globalization;

namespace VlSearch.Search.Querying;

/// <summary>Draws the caret line under a query error.</summary>
internal static class QueryPointer
{
    /// <summary>Characters shown either side of the error in a long query.</summary>
    private const int Window = 50;

    public static string Format(string text, int position, int length)
    {
        position = Math.Clamp(position, 0, text.Length);
        var end = Math.Clamp(position + Math.Max(1, length), position, text.Length);
        var from = Math.Max(0, position - Window);
        var to = Math.Min(text.Length, end + Window);

        // Never cut a surrogate pair in two at the window's edges.
        if (from > 0 && char.IsLowSurrogate(text[from]))
        {
            from--;
        }

        if (to < text.Length && char.IsLowSurrogate(text[to]))
        {
            to++;
        }

        var shown = Printable(text[from..to]);
        var lead = from > 0 ? "…" : "";
        var column = lead.Length + Columns(shown[..(position - from)]);
        var width = Math.Max(1, Columns(shown[(position - from)..(end - from)]));
        return lead + shown + (to < text.Length ? "…" : "") + "\n" + new string(' ', column) + new string('^', width);
    }

    private static string Printable(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < source.Length && char.IsLowSurrogate(source[i + 1])
                : char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(source[i - 1]);
            span[i] = char.IsControl(c) || (char.IsSurrogate(c) && !paired) ? '\uFFFD' : c;
        }
    });

    private static int Columns(string text) => new StringInfo(text).LengthInTextElements;
}
