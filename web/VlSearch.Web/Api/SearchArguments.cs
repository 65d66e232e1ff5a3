using System.Globalization;
using VlSearch.Core;
using VlSearch.Search;

namespace VlSearch.Web.Api;

/// <summary>Validated search parameters: page size, offset and filter.</summary>
public sealed record SearchArguments(int K, int Offset, PhotoFilter? Filter)
{
    public const int DefaultK = 24;

    /// <summary>Parses and checks the query; on failure <paramref name="errors"/> names each bad parameter.</summary>
    public static SearchArguments? TryParse(SearchQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var k = DefaultK;
        if (query.K is { } kText && (!int.TryParse(kText, NumberStyles.None, CultureInfo.InvariantCulture, out k) || k < 1 || k > PhotoSearch.MaxResults))
        {
            errors["k"] = [$"k must be a whole number from 1 to {PhotoSearch.MaxResults}."];
        }

        if (!SearchCursor.TryDecode(query.Cursor, out var offset))
        {
            errors["cursor"] = ["The cursor is not one this API returned."];
        }

        var from = ParseDate(query.From, "from", endOfDay: false, errors);
        var to = ParseDate(query.To, "to", endOfDay: true, errors);
        if (from is not null && to is not null && from > to)
        {
            errors["to"] = ["to is before from."];
        }

        string? folder = null;
        if (!string.IsNullOrWhiteSpace(query.Folder))
        {
            if (!Path.IsPathFullyQualified(query.Folder))
            {
                errors["folder"] = ["folder must be an absolute path."];
            }
            else
            {
                folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(query.Folder)) + Path.DirectorySeparatorChar;
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var filter = new PhotoFilter
        {
            TakenFrom = from,
            TakenTo = to,
            Libraries = List(query.Library, lower: false),
            Cameras = List(query.Camera, lower: false),
            FileTypes = List(query.Type, lower: true),
            PathPrefix = folder,
        };
        return new SearchArguments(k, offset, filter.IsEmpty ? null : filter);
    }

    private static List<string>? List(string[]? values, bool lower)
    {
        var list = values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => lower ? v.Trim().ToLowerInvariant() : v.Trim()).Distinct().ToList();
        return list is { Count: > 0 } ? list : null;
    }

    private static DateTime? ParseDate(string? text, string name, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // Capture times are stored as camera wall-clock digits marked UTC, so dates are compared the same way.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return DateTime.SpecifyKind(time, DateTimeKind.Utc);
        }

        errors[name] = [$"{name} must be a date such as 2024-06-30."];
        return null;
    }
}
