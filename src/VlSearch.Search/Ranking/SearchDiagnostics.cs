using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VlSearch.Search.Ranking;

/// <summary>Names of the search path's telemetry, for dashboards and tests.</summary>
public static class SearchDiagnostics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "VlSearch.Search";

    /// <summary>Histogram of each pipeline stage's time in milliseconds (tag <see cref="StageTag"/>: vector, keyword, fuse, rerank, cut, page…).</summary>
    public const string StageDuration = "vlsearch.search.stage.duration";

    /// <summary>Histogram of a whole search's time in milliseconds.</summary>
    public const string SearchDuration = "vlsearch.search.duration";

    /// <summary>Counter of searches refused as bad input or failed (tag <c>kind</c>: bad_query, failed).</summary>
    public const string ErrorCounter = "vlsearch.search.errors";

    /// <summary>Tag naming the stage.</summary>
    public const string StageTag = "stage";

    /// <summary>Spans of searches and their stages.</summary>
    public static readonly ActivitySource Source = new(MeterName);

    /// <summary>The process-wide meter, for pipelines built without a meter factory.</summary>
    internal static readonly Meter SharedMeter = new(MeterName);
}
