using VlSearch.Core;

namespace VlSearch.Search.Ranking;

/// <summary>
/// Measures a model's floor: each of <see cref="UnrelatedCaptions"/> is embedded and searched in the model's
/// collection; the floor is the configured percentile (95th by default) of the cosines of their nearest photos. Run
/// after an index run, and lazily at search time when no floor is stored or the collection has grown or shrunk by
/// more than a tenth since.
/// </summary>
public sealed class ScoreFloorCalibrator(IVectorIndex index, ScoreFloorStore store, SearchOptions options, TimeProvider? time = null)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>The floor for <paramref name="model"/>: stored when still current, else measured now; null for a model without a text encoder or an empty collection.</summary>
    public async Task<double?> GetFloorAsync(IEmbeddingModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Text is null)
        {
            return null;
        }

        var collection = new CollectionSpec(model.Id, model.Dimension).Name;
        var count = await index.CountAsync(collection, cancellationToken);
        if (count == 0)
        {
            return null;
        }

        if (Current(store.Get(collection), count) is { } stored)
        {
            return stored.Floor;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another search may have measured it while this one waited.
            return (Current(store.Get(collection), count) ?? await CalibrateAsync(model, cancellationToken))?.Floor;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Measures and stores the floor of <paramref name="model"/>; null when it has no text encoder or its collection is empty.</summary>
    public async Task<ScoreFloor?> CalibrateAsync(IEmbeddingModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Text is null)
        {
            return null;
        }

        var collection = new CollectionSpec(model.Id, model.Dimension).Name;
        var count = await index.CountAsync(collection, cancellationToken);
        if (count == 0)
        {
            return null;
        }

        var scores = new List<double>();
        foreach (var vector in model.Text.Encode(UnrelatedCaptions.All))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hits = await index.SearchAsync(collection, new VectorSearchRequest(vector, options.FloorNeighbours), cancellationToken);
            scores.AddRange(hits.Select(h => (double)h.Score));
        }

        var floor = new ScoreFloor(collection, count, Percentile(scores, options.FloorPercentile), options.FloorPercentile, (time ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        store.Save(floor);
        return floor;
    }

    /// <summary>The nearest-rank percentile of <paramref name="values"/> (0 for none).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static ScoreFloor? Current(ScoreFloor? stored, long count) =>
        stored is not null && Math.Abs(count - stored.Count) <= Math.Max(10, stored.Count / 10) ? stored : null;
}
