using System.Globalization;
using VlSearch.Core;
using VlSearch.Search;
using VlSearch.Search.Ranking;
using VlSearch.Web.Services;

namespace VlSearch.Web.Api;

/// <summary>Validated search parameters: page size, offset, filter and the ranking pipeline's choices.</summary>
public sealed record SearchArguments(int K, int Offset, PhotoFilter? Filter)
{
    public const int DefaultK = 24;

    /// <summary>The pipeline choices the request made; nulls take the configured defaults.</summary>
    public RankingChoice Ranking { get; init; } = new();

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

        var ranking = ParseRanking(query, errors);
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
        return new SearchArguments(k, offset, filter.IsEmpty ? null : filter) { Ranking = ranking };
    }

    private static RankingChoice ParseRanking(SearchQuery query, Dictionary<string, string[]> errors)
    {
        var choice = new RankingChoice();
        if (query.Stages is not null && query.Mode is not null && !query.Stages.Trim().Equals(query.Mode.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors["mode"] = ["mode is another name for stages: give one of them."];
        }

        var stages = query.Stages ?? query.Mode;
        choice = Try(stages, query.Stages is null ? "mode" : "stages", errors, text => choice with { Stages = RankingArguments.ParseStages(text) }) ?? choice;
        choice = Try(query.Fusion, "fusion", errors, text => choice with { Fusion = RankingArguments.ParseFusion(text) }) ?? choice;
        choice = Try(query.Cutoff, "cutoff", errors, text => choice with { Cutoff = ScoreCutoff.Parse(text) }) ?? choice;
        choice = Try(query.Weights, "weights", errors, text =>
        {
            var (vector, keyword) = RankingArguments.ParseWeights(text);
            return choice with { VectorWeight = vector, KeywordWeight = keyword };
        }) ?? choice;
        if (query.Rerank is { } rerank)
        {
            if (bool.TryParse(rerank.Trim(), out var value))
            {
                choice = choice with { Rerank = value };
            }
            else
            {
                errors["rerank"] = ["rerank must be true or false."];
            }
        }

        if (query.RerankTop is { } rerankTop)
        {
            if (int.TryParse(rerankTop.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= SearchOptions.MaxRerankDepth)
            {
                choice = choice with { RerankTop = top };
            }
            else
            {
                errors["rerankTop"] = [$"rerankTop must be a whole number from 1 to {SearchOptions.MaxRerankDepth}."];
            }
        }

        if (query.Explain is { } explain)
        {
            if (bool.TryParse(explain.Trim(), out var value))
            {
                choice = choice with { Explain = value };
            }
            else
            {
                errors["explain"] = ["explain must be true or false."];
            }
        }

        return choice;
    }

    private static RankingChoice? Try(string? text, string name, Dictionary<string, string[]> errors, Func<string, RankingChoice> parse)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return parse(text);
        }
        catch (ArgumentException e)
        {
            errors[name] = [e.Message];
            return null;
        }
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
