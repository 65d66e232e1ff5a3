using System.Diagnostics;
using System.Buffers;
using System.Threading.Channels;
using VlSearch.Core;

namespace VlSearch.Indexing;

/// <summary>
/// Decode → preprocess → encode over bounded channels, so memory stays flat on large libraries; the results go to an
/// <see cref="IEncodedBatchSink"/>. Pure compute: this type never touches the catalog or the index.
/// </summary>
internal sealed class EmbeddingPipeline(IPhotoDecoder decoder, IImagePreprocessor preprocessor, IndexingOptions options, EncodeReporter reporter)
{
    /// <summary>Files written to the catalog in one transaction at most, when encoders finish faster than it writes.</summary>
    public const int MaxFilesPerWrite = 256;

    /// <summary>
    /// Embeds <paramref name="work"/> with the model's image tower and hands every batch to <paramref name="sink"/>;
    /// every successful encoder call is counted and logged (<see cref="IndexingDiagnostics"/>).
    /// </summary>
    public async Task RunAsync(IEmbeddingModel model, IReadOnlyList<PendingFile> work, IEncodedBatchSink sink, CancellationToken cancellationToken)
    {
        var encoder = model.Image;
        var modelId = model.Id;
        var pre = encoder.Preprocess;
        var batchSize = options.BatchSize;
        var encoders = options.EncodeParallelismFor(encoder);

        // Room for every encoder to fill its next batch while the current ones run; memory stays flat at about
        // (3 × encoders + 1) batches of pixels: queued, being gathered, being encoded.
        var decoded = Channel.CreateBounded<DecodedItem>(new BoundedChannelOptions(batchSize * (encoders + 1)) { SingleReader = encoders == 1 });
        var encoded = Channel.CreateBounded<EncodedBatch>(new BoundedChannelOptions(Math.Max(2, MaxFilesPerWrite / batchSize)) { SingleReader = true, SingleWriter = encoders == 1 });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = linked.Token;

        var decodeTask = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveDecodeParallelism, CancellationToken = token }, async (item, ct) =>
                {
                    var result = Decode(item, pre, ct);
                    await decoded.Writer.WriteAsync(result, ct);
                });
            }
            finally
            {
                decoded.Writer.TryComplete();
            }
        }, token);

        // Several encoder calls run at once, each on one thread by default: the operating system then shares the
        // cores between decoding and inference as the bounded channels dictate, where one call split across all
        // cores would wait for its slowest thread each time a decoder held a core.
        var running = encoders;
        var encodeTasks = Enumerable.Range(0, encoders).Select(_ => Task.Run(async () =>
        {
            var pixels = new float[batchSize * pre.TensorLength];
            var vectors = new float[batchSize * encoder.Dimension];
            var batch = new List<DecodedItem>(batchSize);
            try
            {
                while (await decoded.Reader.WaitToReadAsync(token))
                {
                    while (batch.Count < batchSize && decoded.Reader.TryRead(out var item))
                    {
                        batch.Add(item);
                    }

                    if (batch.Count < batchSize && !decoded.Reader.Completion.IsCompleted)
                    {
                        continue;
                    }

                    await encoded.Writer.WriteAsync(Encode(modelId, batch, encoder, pixels, vectors, pre.TensorLength), token);
                    batch.Clear();
                }

                if (batch.Count > 0)
                {
                    await encoded.Writer.WriteAsync(Encode(modelId, batch, encoder, pixels, vectors, pre.TensorLength), token);
                }
            }
            finally
            {
                foreach (var item in batch)
                {
                    item.Release();
                }

                if (Interlocked.Decrement(ref running) == 0)
                {
                    encoded.Writer.TryComplete();
                }
            }
        }, token)).ToList();
        var encodeTask = Task.WhenAll(encodeTasks);

        var writeFailed = false;
        try
        {
            await foreach (var first in encoded.Reader.ReadAllAsync(token))
            {
                // Batches the encoders finished meanwhile share one catalog transaction: with small batches a
                // transaction per batch would cost more than the encoding.
                var group = new List<EncodedBatch> { first };
                var files = first.Count;
                while (files < MaxFilesPerWrite && encoded.Reader.TryRead(out var more))
                {
                    group.Add(more);
                    files += more.Count;
                }

                await sink.WriteAsync(group, files, cancellationToken);
            }
        }
        catch
        {
            writeFailed = true;
            await linked.CancelAsync();
            throw;
        }
        finally
        {
            // Whatever the sink holds is made durable before leaving, also on Ctrl+C.
            await sink.CompleteAsync();
            try
            {
                await Task.WhenAll(decodeTask, encodeTask);
            }
            catch (OperationCanceledException) when (writeFailed || cancellationToken.IsCancellationRequested)
            {
            }

            // Buffers of items decoded but never encoded go back to the pool.
            while (decoded.Reader.TryRead(out var left))
            {
                left.Release();
            }
        }
    }

    private EncodedBatch Encode(string modelId, List<DecodedItem> items, IImageEncoder encoder, float[] pixels, float[] vectors, int tensorLength)
    {
        using var activity = IndexingDiagnostics.Source.StartActivity("encode batch");
        activity?.SetTag(IndexingDiagnostics.ModelTag, modelId);
        activity?.SetTag("batch.size", items.Count);
        var started = Stopwatch.GetTimestamp();
        var batch = EncodeBatch(items, encoder, pixels, vectors, tensorLength);
        reporter.ReportEncodeTime(modelId, Stopwatch.GetElapsedTime(started), batch.Results.Count);
        reporter.Report(modelId, batch);
        if (batch.EncodeError is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "encoder failed");
        }

        return batch;
    }

    private DecodedItem Decode(PendingFile item, PreprocessSpec pre, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var photo = decoder.Decode(item.File.Path, pre.MinimumDecodeEdge, cancellationToken);
            reporter.ReportDecodeTime(Stopwatch.GetElapsedTime(started));
            var buffer = ArrayPool<float>.Shared.Rent(pre.TensorLength);
            try
            {
                preprocessor.Preprocess(photo.Image, pre, buffer.AsSpan(0, pre.TensorLength));
            }
            catch
            {
                ArrayPool<float>.Shared.Return(buffer);
                throw;
            }

            return new DecodedItem(item, photo.Metadata, buffer, null);
        }
        catch (PhotoDecodeException e)
        {
            return new DecodedItem(item, null, null, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DecodedItem(item, null, null, "decoding took longer than the time budget");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or ArgumentException or OutOfMemoryException)
        {
            return new DecodedItem(item, null, null, e.Message);
        }
    }

    private static EncodedBatch EncodeBatch(List<DecodedItem> batch, IImageEncoder encoder, float[] pixels, float[] vectors, int tensorLength)
    {
        var good = new List<DecodedItem>(batch.Count);
        var failed = new List<DecodedItem>();
        foreach (var item in batch)
        {
            if (item.Pixels is null)
            {
                failed.Add(item);
                continue;
            }

            item.Pixels.AsSpan(0, tensorLength).CopyTo(pixels.AsSpan(good.Count * tensorLength, tensorLength));
            good.Add(item);
        }

        var results = new List<(DecodedItem Item, float[] Vector)>(good.Count);
        string? encodeError = null;
        if (good.Count > 0)
        {
            try
            {
                encoder.Encode(pixels.AsSpan(0, good.Count * tensorLength), good.Count, vectors.AsSpan(0, good.Count * encoder.Dimension));
                for (var i = 0; i < good.Count; i++)
                {
                    results.Add((good[i], vectors.AsSpan(i * encoder.Dimension, encoder.Dimension).ToArray()));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                encodeError = $"encoder failed: {e.Message}";
            }
        }

        foreach (var item in batch)
        {
            item.Release();
        }

        return new EncodedBatch(results, failed, encodeError is null ? [] : good, encodeError);
    }
}
