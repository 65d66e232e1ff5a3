using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Core.Matching;

namespace VlSearch.Indexing;

/// <summary>
/// The enrichment stage of an image–text matcher: decodes catalogued photos with the pixel pipeline of the matcher's
/// vision graph, extracts their image features once and stores them (<see cref="IImageFeatureStore"/>), so a query
/// costs only the text and cross-attention passes. Photos that fail are recorded as file errors of stage
/// <see cref="FileErrorStages.Features"/> and skipped by later runs until their file changes. When the matcher's model
/// files change (another fingerprint), the stored features are dropped and extracted again.
/// </summary>
/// <param name="catalog">The catalog: photos, file errors, the fingerprint of each matcher's stored features.</param>
/// <param name="store">Where the features go.</param>
/// <param name="decoder">Reads photo files, as the embedding pipeline does.</param>
/// <param name="preprocessor">Turns decoded pixels into the vision graph's input.</param>
/// <param name="options">Batch size and decode parallelism, shared with the embedding pipeline.</param>
/// <param name="loggerFactory">For failure telemetry; none without it.</param>
/// <param name="meterFactory">Creates the indexing meter; a process-wide meter without it.</param>
/// <param name="fingerprints">The host's version of a matcher's model files (e.g. <see cref="MatcherFingerprint.OfFolder"/> of its folder); <see cref="MatcherFingerprint.Of"/> without it.</param>
public sealed class MatcherFeatureIndexer(
    IDbContextFactory<CatalogDbContext> catalog,
    IImageFeatureStore store,
    IPhotoDecoder decoder,
    IImagePreprocessor preprocessor,
    IndexingOptions options,
    ILoggerFactory? loggerFactory = null,
    IMeterFactory? meterFactory = null,
    Func<IImageTextMatcher, string>? fingerprints = null)
{
    private readonly FileErrorRecorder errors = new(catalog, new EncodeReporter(loggerFactory, meterFactory));

    /// <summary>
    /// Extracts and stores the features of the photos that miss them, or of every photo, in batches of
    /// <see cref="IndexingOptions.BatchSize"/>. Cancelling stops after the batch in progress; what was stored stays,
    /// and a later <see cref="FeatureRefresh.Missing"/> run completes the rest.
    /// </summary>
    /// <param name="matcher">The matcher whose vision graph extracts the features.</param>
    /// <param name="mode">Which photos to handle.</param>
    /// <param name="progress">Receives a snapshot after every batch.</param>
    /// <param name="fingerprint">
    /// Version of the matcher's model files (<see cref="MatcherFingerprint.OfFolder"/>); when null, the host's fingerprint
    /// function given to the constructor, else <see cref="MatcherFingerprint.Of"/>.
    /// </param>
    /// <param name="cancellationToken">Stops the run between batches.</param>
    public async Task<FeatureRunResult> RunAsync(
        IImageTextMatcher matcher,
        FeatureRefresh mode = FeatureRefresh.Missing,
        IProgress<FeatureProgress>? progress = null,
        string? fingerprint = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        var clock = Stopwatch.StartNew();
        using var activity = IndexingDiagnostics.Source.StartActivity("extract matcher features");
        activity?.SetTag(IndexingDiagnostics.ModelTag, matcher.Id);
        var modelChanged = await SettleVersionAsync(matcher.Id, fingerprint ?? fingerprints?.Invoke(matcher) ?? MatcherFingerprint.Of(matcher), cancellationToken);

        var total = await ExpectedAsync(matcher.Id, mode, cancellationToken);
        long done = 0, failed = 0, extracted = 0, skipped = 0;
        var batchSize = options.BatchSize;
        var buffers = new Buffers(matcher, batchSize);
        var afterId = long.MinValue;
        progress?.Report(new FeatureProgress(0, total, 0));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = mode == FeatureRefresh.All
                ? await PhotoIdsAfterAsync(afterId, batchSize, cancellationToken)
                : await store.MissingAsync(matcher.Id, afterId, batchSize, cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            afterId = ids[^1];
            var photos = await LoadAsync(ids, skipKnownBad: mode == FeatureRefresh.Missing, cancellationToken);
            skipped += ids.Count - photos.Count;
            var (ok, bad) = await ExtractAsync(matcher, photos, buffers, cancellationToken);
            extracted += ok;
            failed += bad;
            done += photos.Count;
            progress?.Report(new FeatureProgress(done, Math.Max(total - skipped, done), failed));
        }

        return new FeatureRunResult
        {
            Matcher = matcher.Id,
            Extracted = extracted,
            Failed = failed,
            SkippedKnownBad = skipped,
            ModelChanged = modelChanged,
            Stored = await store.CountAsync(matcher.Id, cancellationToken),
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Drops the matcher's stored features when they were made by other model files (or by files nobody recorded),
    /// and records <paramref name="fingerprint"/> as the version of what is stored from now on.
    /// </summary>
    /// <returns>Whether stored features were dropped.</returns>
    private async Task<bool> SettleVersionAsync(string matcherId, string fingerprint, CancellationToken cancellationToken)
    {
        string? recorded;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            recorded = await db.ImageFeatureModels.Where(m => m.Model == matcherId).Select(m => m.Fingerprint).FirstOrDefaultAsync(cancellationToken);
        }

        if (recorded == fingerprint)
        {
            return false;
        }

        var changed = recorded is not null || await store.CountAsync(matcherId, cancellationToken) > 0;
        if (changed)
        {
            await store.RemoveAsync(matcherId, cancellationToken);
        }

        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.ImageFeatureModels.FirstOrDefaultAsync(m => m.Model == matcherId, cancellationToken);
            if (row is null)
            {
                db.ImageFeatureModels.Add(new ImageFeatureModel { Model = matcherId, Fingerprint = fingerprint });
            }
            else
            {
                row.Fingerprint = fingerprint;
                row.UpdatedAt = CatalogTime.Now(db.Clock);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return changed;
    }

    private async Task<long> ExpectedAsync(string matcherId, FeatureRefresh mode, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var photos = await db.Photos.LongCountAsync(cancellationToken);
        return mode == FeatureRefresh.All ? photos : Math.Max(0, photos - await store.CountAsync(matcherId, cancellationToken));
    }

    private async Task<IReadOnlyList<long>> PhotoIdsAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Photos.AsNoTracking().Where(p => p.Id > afterId).OrderBy(p => p.Id).Select(p => p.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The photos to extract, by id; without those that failed this stage before, unchanged since, when asked.</summary>
    private async Task<List<FeaturePhoto>> LoadAsync(IReadOnlyList<long> ids, bool skipKnownBad, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var photos = await db.Photos.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id)
            .Select(p => new FeaturePhoto(p.Id, p.LibraryId, p.Path, p.Size, p.ModifiedAt))
            .ToListAsync(cancellationToken);
        if (!skipKnownBad)
        {
            return photos;
        }

        var paths = photos.Select(p => p.Path).ToList();
        var bad = await db.FileErrors.AsNoTracking().Where(e => e.Stage == FileErrorStages.Features && paths.Contains(e.Path))
            .Select(e => new { e.Path, e.Size, e.ModifiedAt })
            .ToListAsync(cancellationToken);
        var known = bad.ToDictionary(e => e.Path, e => (e.Size, e.ModifiedAt), StringComparer.Ordinal);
        return [.. photos.Where(p => !(known.TryGetValue(p.Path, out var e) && e.Size == p.Size && PhotoRecords.SameTime(e.ModifiedAt, p.ModifiedAt)))];
    }

    /// <summary>Decodes the photos in parallel, runs the vision graph once over those that decoded, stores the result.</summary>
    private async Task<(int Extracted, int Failed)> ExtractAsync(IImageTextMatcher matcher, List<FeaturePhoto> photos, Buffers buffers, CancellationToken cancellationToken)
    {
        if (photos.Count == 0)
        {
            return (0, 0);
        }

        var pre = matcher.Preprocess;
        var reasons = new string?[photos.Count];
        await Parallel.ForAsync(0, photos.Count, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveDecodeParallelism, CancellationToken = cancellationToken }, (i, ct) =>
        {
            reasons[i] = Decode(photos[i].Path, pre, buffers.Pixels.AsSpan(i * pre.TensorLength, pre.TensorLength), ct);
            return ValueTask.CompletedTask;
        });

        // Decoded images are packed to the front, so one call covers them.
        var good = new List<int>(photos.Count);
        for (var i = 0; i < photos.Count; i++)
        {
            if (reasons[i] is not null)
            {
                continue;
            }

            if (good.Count != i)
            {
                buffers.Pixels.AsSpan(i * pre.TensorLength, pre.TensorLength).CopyTo(buffers.Pixels.AsSpan(good.Count * pre.TensorLength));
            }

            good.Add(i);
        }

        var features = new List<KeyValuePair<long, float[]>>(good.Count);
        if (good.Count > 0)
        {
            var length = matcher.FeatureLength;
            try
            {
                matcher.ExtractFeatures(buffers.Pixels.AsSpan(0, good.Count * pre.TensorLength), good.Count, buffers.Features.AsSpan(0, good.Count * length));
                for (var k = 0; k < good.Count; k++)
                {
                    features.Add(KeyValuePair.Create(photos[good[k]].Id, buffers.Features.AsSpan(k * length, length).ToArray()));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                foreach (var i in good)
                {
                    reasons[i] = $"matcher failed: {e.Message}";
                }
            }
        }

        await store.PutAsync(matcher.Id, features, cancellationToken);
        var failed = 0;
        for (var i = 0; i < photos.Count; i++)
        {
            if (reasons[i] is { } reason)
            {
                var photo = photos[i];
                await errors.RecordAsync(photo.LibraryId, photo.Path, photo.Size, photo.ModifiedAt, FileErrorStages.Features, reason, cancellationToken);
                failed++;
            }
        }

        if (features.Count > 0)
        {
            // A photo that succeeds no longer carries an earlier failure of this stage.
            var okPaths = good.Where(i => reasons[i] is null).Select(i => photos[i].Path).ToList();
            await using var db = await catalog.CreateDbContextAsync(cancellationToken);
            await db.FileErrors.Where(e => e.Stage == FileErrorStages.Features && okPaths.Contains(e.Path)).ExecuteDeleteAsync(cancellationToken);
        }

        return (features.Count, failed);
    }

    /// <summary>Decodes and preprocesses one photo into <paramref name="destination"/>; the reason on failure, else null.</summary>
    private string? Decode(string path, PreprocessSpec pre, Span<float> destination, CancellationToken cancellationToken)
    {
        try
        {
            var photo = decoder.Decode(path, pre.MinimumDecodeEdge, cancellationToken);
            preprocessor.Preprocess(photo.Image, pre, destination);
            return null;
        }
        catch (PhotoDecodeException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "decoding took longer than the time budget";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or ArgumentException or OutOfMemoryException)
        {
            return e.Message;
        }
    }

    private sealed record FeaturePhoto(long Id, int LibraryId, string Path, long Size, DateTime ModifiedAt);

    /// <summary>Pixel and feature buffers of one batch, reused across batches.</summary>
    private sealed class Buffers(IImageTextMatcher matcher, int batchSize)
    {
        public float[] Pixels { get; } = new float[batchSize * matcher.Preprocess.TensorLength];

        public float[] Features { get; } = new float[batchSize * matcher.FeatureLength];
    }
}
