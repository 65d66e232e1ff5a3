using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VlSearch.Search.Ranking;

/// <summary>
/// Wraps the pipeline with telemetry: a "search" span around the call with a child span per stage (the encoder and index
/// calls nest under it too), each stage's time and the whole search's time as histograms, and refusals and failures counted by kind.
/// </summary>
public sealed class InstrumentedSearchPipeline : ISearchPipeline
{
    private readonly ISearchPipeline inner;
    private readonly Histogram<double> stageTime;
    private readonly Histogram<double> searchTime;
    private readonly Counter<long> errors;

    public InstrumentedSearchPipeline(ISearchPipeline inner, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.inner = inner;
        var meter = meters?.Create(SearchDiagnostics.MeterName) ?? SearchDiagnostics.SharedMeter;
        stageTime = meter.CreateHistogram<double>(SearchDiagnostics.StageDuration, unit: "ms", description: "Time of one stage of the ranking pipeline.");
        searchTime = meter.CreateHistogram<double>(SearchDiagnostics.SearchDuration, unit: "ms", description: "Time of one search through the ranking pipeline.");
        errors = meter.CreateCounter<long>(SearchDiagnostics.ErrorCounter, unit: "{search}", description: "Searches refused or failed, by kind.");
    }

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = SearchDiagnostics.Source.StartActivity("search");
        activity?.SetTag("model", request.Model.Id);
        activity?.SetTag("k", request.K);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = await inner.SearchAsync(request, cancellationToken);
            foreach (var timing in results.Timings)
            {
                stageTime.Record(timing.Milliseconds, new KeyValuePair<string, object?>(SearchDiagnostics.StageTag, timing.Stage));
                activity?.SetTag($"stage.{timing.Stage}.ms", Math.Round(timing.Milliseconds, 2));
            }

            if (activity is not null)
            {
                StageSpans(activity, results.Timings);
            }

            searchTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            activity?.SetTag("hits", results.Hits.Count);
            return results;
        }
        catch (ArgumentException)
        {
            errors.Add(1, new KeyValuePair<string, object?>("kind", "bad_query"));
            activity?.SetStatus(ActivityStatusCode.Error, "bad query");
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            errors.Add(1, new KeyValuePair<string, object?>("kind", "failed"));
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// One child span per stage ("search vector", "search rerank", …), laid end to end from the search's start. The
    /// pipeline times its stages itself, so the spans are rebuilt from those timings rather than opened around code
    /// that telemetry would otherwise have to reach into.
    /// </summary>
    private static void StageSpans(Activity search, IReadOnlyList<StageTiming> timings)
    {
        var at = new DateTimeOffset(search.StartTimeUtc, TimeSpan.Zero);
        foreach (var timing in timings)
        {
            var end = at + TimeSpan.FromMilliseconds(Math.Max(0, timing.Milliseconds));
            using var stage = SearchDiagnostics.Source.StartActivity($"search {timing.Stage}", ActivityKind.Internal, search.Context, startTime: at);
            stage?.SetTag("stage", timing.Stage);
            stage?.SetEndTime(end.UtcDateTime);
            at = end;
        }
    }
}
