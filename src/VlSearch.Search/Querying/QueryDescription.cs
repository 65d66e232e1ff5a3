using System.Globalization;

namespace VlSearch.Search.Querying;

/// <summary>Writes <see cref="ParsedQuery.Describe"/>: every part of a parsed query on one line, culture-independent.</summary>
internal static class QueryDescription
{
    public static string Of(ParsedQuery query)
    {
        var parts = new List<string>();
        Add(parts, "vector", query.VectorTerms.Select(t =>
            (t.Kind switch { QueryTermKind.Image => "like:", QueryTermKind.Imagined => "imagine:", _ => "" }) + Quote(t.Value) + " ×" + Number(t.Weight)));
        Add(parts, "keywords", query.KeywordWords);
        Add(parts, "phrases", query.RequiredPhrases.Select(Quote));
        Add(parts, "excluded", query.ExcludedPhrases.Select(Quote));

        var f = query.Filters;
        Add(parts, "camera", f.Cameras, " | ");
        Add(parts, "lens", f.Lenses, " | ");
        Add(parts, "type", f.FileTypes, " | ");
        Add(parts, "folder", f.Folders, " | ");
        Add(parts, "library", f.Libraries, " | ");
        Add(parts, "tag", f.Tags, " & ");
        if (f.TakenFrom is not null || f.TakenTo is not null)
        {
            parts.Add($"taken: {Instant(f.TakenFrom)} .. {Instant(f.TakenTo)}");
        }

        if (f.Near is { } near)
        {
            parts.Add($"near: {Number(near.Latitude)},{Number(near.Longitude)} within {Number(near.Kilometres)} km");
        }

        if (f.Orientation is { } orientation)
        {
            parts.Add("orientation: " + orientation.ToString().ToLowerInvariant());
        }

        return parts.Count == 0 ? "(nothing)" : string.Join(" · ", parts);
    }

    private static void Add(List<string> parts, string name, IEnumerable<string>? values, string separator = ", ")
    {
        var list = values?.ToList();
        if (list is { Count: > 0 })
        {
            parts.Add($"{name}: {string.Join(separator, list)}");
        }
    }

    private static string Quote(string value) =>
        value.Contains(' ', StringComparison.Ordinal) || value.Length == 0 ? "\"" + value + "\"" : value;

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Instant(DateTime? value) =>
        value?.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) ?? "any";
}
