using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Hosting.Telemetry;
using VlSearch.Indexing;
using VlSearch.Jobs;
using VlSearch.Testing;

namespace VlSearch.Indexer.Tests;

/// <summary>What an operator's collector receives from an index run, read through OpenTelemetry's in-memory exporters.</summary>
public sealed class IndexTelemetryTests
{
    [Fact]
    public async Task An_index_run_reports_photos_encoded_decode_and_encode_times_queue_depth_and_one_trace_from_run_to_encoder()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();

        // Meters and trace sources are process-wide: a model name of this test's own tells its measurements apart.
        using var models = new TempFolder();
        var model = RandomClipModel.Write(models.Sub("model"), name: $"telemetry-{Guid.NewGuid():N}");
        await using var app = await EmbeddedHost.StartAsync(
            new Dictionary<string, string?> { ["Models:Active"] = model },
            services => services.AddVlSearchTelemetry("vlsearch-test", t => t.AddInMemoryExporter(spans), m => m.AddInMemoryExporter(metrics)));
        var library = app.Temp.Sub("library");
        TestImages.WriteLibrary(library, 12);
        File.WriteAllText(Path.Combine(library, "broken.jpg"), "not an image");

        var job = (await app.Jobs.AddLibraryAsync(library))!;
        Assert.Equal(IndexJobStates.Succeeded, (await app.WaitForEndAsync(job.Id, TimeSpan.FromMinutes(1))).State);
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var modelId = app.Services.GetRequiredService<IModelCache>().Get(model).Id;
        Assert.Equal(12, Sum(metrics, IndexingDiagnostics.EncodedCounter, (IndexingDiagnostics.ModelTag, modelId)));
        Assert.True(Sum(metrics, IndexingDiagnostics.FailedCounter, (IndexingDiagnostics.StageTag, "decode")) >= 1);
        Assert.True(Count(metrics, IndexingDiagnostics.DecodeDuration) >= 12);
        Assert.True(Count(metrics, IndexingDiagnostics.EncodeDuration, (IndexingDiagnostics.ModelTag, modelId)) >= 1);
        Assert.Contains(metrics, m => m.Name == JobQueueMetrics.QueueDepth);

        // Spans of other tests in this process share the sources: follow this model's spans only. The job plans the
        // library, then embeds its files in batch jobs; each batch job's span holds its encoder batches and calls.
        Assert.Single(spans, s => s.DisplayName == "plan library" && (string?)s.GetTagItem(IndexingDiagnostics.ModelTag) == modelId);
        var jobs = spans.Where(s => s.DisplayName == "embed files" && (string?)s.GetTagItem(IndexingDiagnostics.ModelTag) == modelId).ToList();
        Assert.NotEmpty(jobs);
        var batches = spans.Where(s => s.DisplayName == "encode batch" && jobs.Any(j => j.SpanId == s.ParentSpanId)).ToList();
        Assert.NotEmpty(batches);
        Assert.All(batches, b => Assert.Equal(jobs.Single(j => j.SpanId == b.ParentSpanId).TraceId, b.TraceId));
        // A batch holding only undecodable files (the broken one here) calls no encoder; every encoder call is in a batch.
        var encodes = spans.Where(s => s.DisplayName == "image encode" && jobs.Any(j => j.TraceId == s.TraceId)).ToList();
        Assert.NotEmpty(encodes);
        Assert.True(encodes.Count <= batches.Count);
        Assert.All(encodes, e => Assert.Contains(batches, b => b.SpanId == e.ParentSpanId));
    }

    private static long Sum(List<Metric> metrics, string name, (string Key, string Value) tag)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (HasTag(point, tag))
                {
                    total = Math.Max(total, point.GetSumLong());
                }
            }
        }

        return total;
    }

    private static long Count(List<Metric> metrics, string name, (string Key, string Value)? tag = null)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (tag is null || HasTag(point, tag.Value))
                {
                    total = Math.Max(total, point.GetHistogramCount());
                }
            }
        }

        return total;
    }

    private static bool HasTag(in MetricPoint point, (string Key, string Value) tag)
    {
        foreach (var pair in point.Tags)
        {
            if (pair.Key == tag.Key && Equals(pair.Value, tag.Value))
            {
                return true;
            }
        }

        return false;
    }
}
