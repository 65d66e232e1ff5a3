using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using VlSearch.Indexing;
using VlSearch.Indexing.Enrichment;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch tags run</c>: runs an enrichment stage over the catalog in this process, then pushes the new labels to the index.</summary>
public static class TagsRun
{
    /// <summary>Runs zero-shot tags (or the detector) and prints what was done.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, bool objects, bool all, bool json, CancellationToken cancellationToken)
    {
        var result = await RunStageAsync(services, objects ? ObjectTagStage.StageName : ZeroShotTagStage.StageName, all, json, cancellationToken);
        var bound = objects ? null : CpuBoundRate(services);
        if (json)
        {
            CliJson.Write(new
            {
                result.Stage, result.Model, result.Enriched, result.Tags, result.Failed, result.Skipped, result.ModelChanged,
                seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
                preparationSeconds = Math.Round(result.Preparation.TotalSeconds, 3),
                photosPerSecond = Math.Round(result.PhotosPerSecond, 1),
                cpuBoundPhotosPerSecond = bound is { } b ? Math.Round(b, 1) : (double?)null,
                ofCpuBound = bound is { } c && c > 0 ? Math.Round(result.PhotosPerSecond / c, 3) : (double?)null,
            });
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"{result.Enriched} photos tagged by {result.Stage} with {result.Model}: {result.Tags} tags, {result.Failed} failed, {result.Skipped} skipped ({result.PhotosPerSecond:0.0} photos/s).");
        }

        return 0;
    }

    /// <summary>
    /// What the zero-shot stage could reach if scoring were all it did: its scorer over the calibration-sized set of
    /// unit vectors, timed in memory on one core (the runner adds catalog reads and writes around it).
    /// </summary>
    public static double? CpuBoundRate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var scorer = services.GetRequiredService<ZeroShotTagStage>().Scorer;
        if (scorer is null)
        {
            return null;
        }

        var dimension = scorer.Labels.Dimension;
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 512).Select(_ =>
        {
            var v = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var photos = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(1) || photos < vectors.Count)
        {
            _ = scorer.Tags(vectors[photos % vectors.Count]);
            photos++;
        }

        return photos / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs the named stage; a stage that is not available here is bad input.</summary>
    /// <exception cref="ArgumentException">No such stage here, or its model cannot run.</exception>
    public static async Task<EnrichmentRunResult> RunStageAsync(IServiceProvider services, string name, bool all, bool json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var stage = services.GetServices<IEnrichmentStage>().FirstOrDefault(s => s.Name == name);
        if (stage is null || !stage.Available)
        {
            throw new ArgumentException(name == ObjectTagStage.StageName ? "No object detector is installed: there are no object tags to make." : $"The enrichment stage '{name}' is turned off or not available here.");
        }

        EnrichmentRunResult result;
        try
        {
            result = await ProgressDisplay.RunAsync(
                $"Tags ({name})",
                progress => services.GetRequiredService<EnrichmentRunner>().RunAsync(stage, all ? EnrichmentRefresh.All : EnrichmentRefresh.Missing, new Adapter(progress), cancellationToken),
                json);
        }
        catch (Exception e) when (e is InvalidOperationException or Core.ModelLoadException or FileNotFoundException)
        {
            throw new ArgumentException($"The {name} stage cannot run: {e.Message}", e);
        }

        // New labels reach the vector index's payloads (the tag: filter) through a push of the photos' vectors.
        await services.GetRequiredService<IndexSynchronizer>().SyncPendingAsync(cancellationToken);
        return result;
    }

    private sealed class Adapter(IProgress<IndexProgress> inner) : IProgress<FeatureProgress>
    {
        public void Report(FeatureProgress value) => inner.Report(new IndexProgress(IndexPhase.Features, value.Done, value.Total, value.Failed));
    }
}
