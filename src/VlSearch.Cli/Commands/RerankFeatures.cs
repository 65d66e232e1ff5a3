using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using VlSearch.Core.Matching;
using VlSearch.Indexing;

namespace VlSearch.Cli.Commands;

/// <summary>
/// Runs the installed reranker's feature extraction (<see cref="MatcherFeatureIndexer"/>) for <c>vlsearch index</c>
/// (photos that miss features, after indexing) and <c>vlsearch reindex --features [--all]</c>.
/// </summary>
public static class RerankFeatures
{
    /// <summary>
    /// Extracts the features; returns null when no reranker is installed, or it cannot be loaded, and
    /// <paramref name="required"/> is false.
    /// </summary>
    /// <exception cref="ArgumentException">No usable reranker, and <paramref name="required"/>.</exception>
    public static async Task<FeatureRunResult?> RunAsync(IServiceProvider services, FeatureRefresh mode, bool json, bool required, CancellationToken cancellationToken)
    {
        IImageTextMatcher? matcher;
        try
        {
            matcher = services.GetService<IImageTextMatcher>();
        }
        catch (Exception e) when (e is not OutOfMemoryException && !required)
        {
            ProgressDisplay.Error.WriteLine($"Reranker features skipped: the reranker could not be loaded ({e.Message}).");
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException($"The reranker could not be loaded: {e.Message}", e);
        }

        if (matcher is null)
        {
            return required ? throw new ArgumentException("No reranker is installed: there are no image features to extract.") : null;
        }

        var stage = services.GetRequiredService<MatcherFeatureIndexer>();
        return await ProgressDisplay.RunAsync(
            $"Reranker features ({matcher.Id})",
            progress => stage.RunAsync(matcher, mode, new Adapter(progress), cancellationToken: cancellationToken),
            json);
    }

    /// <summary>Shows feature progress on the indexing progress display.</summary>
    private sealed class Adapter(IProgress<IndexProgress> inner) : IProgress<FeatureProgress>
    {
        public void Report(FeatureProgress value) => inner.Report(new IndexProgress(IndexPhase.Features, value.Done, value.Total, value.Failed));
    }
}
