using System.Collections.Concurrent;
using System.Diagnostics;
using VlSearch.Search.Querying;
using VlSearch.Search.Ranking;

namespace VlSearch.Indexing.Tests.Ranking;

/// <summary>The telemetry wrapper of the ranking pipeline: one span per search and one child span per stage.</summary>
public sealed class InstrumentedSearchPipelineTests
{
    [Fact]
    public async Task Each_stage_becomes_a_child_span_of_the_search_laid_end_to_end_with_its_own_duration()
    {
        StageTiming[] timings = [new("vector", 4.0), new("keyword", 1.5), new("fuse", 0.25), new("rerank", 7.0), new("cut", 0.5)];
        // Other tests may search at the same time: spans are told apart by this test's model.
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SearchDiagnostics.MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var model = new FakeMeanColourModel("spans-model");
        var pipeline = new InstrumentedSearchPipeline(new TimedPipelineDouble(timings));

        await pipeline.SearchAsync(new SearchRequest { Query = QueryParser.Parse("a red circle"), Model = model });

        var search = Assert.Single(spans, s => s.OperationName == "search" && Equals(s.GetTagItem("model"), "spans-model"));
        var stages = spans.Where(s => s.ParentSpanId == search.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(timings.Select(t => $"search {t.Stage}"), stages.Select(s => s.OperationName));
        Assert.All(stages, s => Assert.Equal(search.TraceId, s.TraceId));
        for (var i = 0; i < stages.Count; i++)
        {
            Assert.Equal(timings[i].Milliseconds, stages[i].Duration.TotalMilliseconds, 3);
            Assert.Equal(timings[i].Stage, stages[i].GetTagItem("stage"));
            var expectedStart = search.StartTimeUtc + TimeSpan.FromMilliseconds(timings.Take(i).Sum(t => t.Milliseconds));
            Assert.Equal(expectedStart, stages[i].StartTimeUtc, TimeSpan.FromMilliseconds(0.01));
        }
    }

    /// <summary>A pipeline double that answers no hits with fixed stage timings.</summary>
    private sealed class TimedPipelineDouble(IReadOnlyList<StageTiming> timings) : ISearchPipeline
    {
        public Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new SearchResults([], 0, timings));
    }
}
