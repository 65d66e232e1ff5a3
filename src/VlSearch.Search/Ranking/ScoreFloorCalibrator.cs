using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;

namespace VlSearch.Search.Ranking;

/// <summary>
/// Measures a model's floor: each of <see cref="UnrelatedCaptions"/> is embedded and scored against an even sample of
/// the library's photos (their stored vectors); the floor is the configured percentile (the median by default) of
/// those cosines, the level an unrelated text reaches with a photo. Run after an index run, and lazily at search time when
/// no floor is stored or the collection has grown or shrunk by more than a tenth since.
/// </summary>
public sealed class ScoreFloorCalibrator(
    IVectorIndex index, IDbContextFactory<CatalogDbContext> catalog, ScoreFloorStore store, SearchOptions options, TimeProvider? time = null)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>The floor for <paramref name="model"/>: stored when still current, else measured now; null for a model without a text encoder or an empty collection.</summary>
    public async Task<double?> GetFloorAsync(IEmbeddingModel model, CancellationToken cancellationToken = default)
    {
        if (await MeasurableAsync(model, cancellationToken) is not var (collection, count))
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
        if (await MeasurableAsync(model, cancellationToken) is not var (collection, count))
        {
            return null;
        }

        // MeasurableAsync has checked that the model has a text encoder.
        var captions = model.Text!.Encode(UnrelatedCaptions.All);
        var scores = new List<double>();
        foreach (var id in await SampleAsync(cancellationToken))
        {
            if (await index.GetAsync(collection, id, cancellationToken) is not { } record)
            {
                continue;
            }

            // On the scale text queries are scored on, so that the floor and the hits compare.
            scores.AddRange(captions.Select(c => model.Scale.Apply(VectorMath.Cosine(c, record.Vector))));
        }

        if (scores.Count == 0)
        {
            return null;
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

    /// <summary>The model's collection and its size, when a floor can be measured: a text encoder and vectors.</summary>
    private async Task<(string Collection, long Count)?> MeasurableAsync(IEmbeddingModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Text is null)
        {
            return null;
        }

        var collection = new CollectionSpec(model.Id, model.Dimension).Name;
        var count = await index.CountAsync(collection, cancellationToken);
        return count == 0 ? null : (collection, count);
    }

    /// <summary>Up to <see cref="SearchOptions.FloorSample"/> catalogued photo ids, evenly spread over the id range.</summary>
    private async Task<List<long>> SampleAsync(CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var ids = await db.Photos.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        if (ids.Count <= options.FloorSample)
        {
            return ids;
        }

        var step = (double)ids.Count / options.FloorSample;
        return [.. Enumerable.Range(0, options.FloorSample).Select(i => ids[(int)(i * step)])];
    }

    private static ScoreFloor? Current(ScoreFloor? stored, long count) =>
        stored is not null && Math.Abs(count - stored.Count) <= Math.Max(10, stored.Count / 10) ? stored : null;
}
