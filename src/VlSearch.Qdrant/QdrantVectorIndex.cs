using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using VlSearch.Core;

namespace VlSearch.Qdrant;

/// <summary>
/// <see cref="IVectorIndex"/> on a Qdrant server or cluster over gRPC. One collection per model (cosine), payload
/// indexes on every filterable field, batched upserts that wait for the write, and retries with exponential
/// backoff on transient errors (Unavailable, DeadlineExceeded). Point ids are the photo ids.
/// </summary>
public sealed class QdrantVectorIndex : IVectorIndex
{
    private readonly QdrantClient _client;
    private readonly QdrantOptions _options;
    private readonly ConcurrentDictionary<string, int> _dimensions = new(StringComparer.Ordinal);

    public QdrantVectorIndex(QdrantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var address))
        {
            throw new VectorIndexException($"Qdrant URL '{options.Url}' is not an absolute URL.");
        }

        _options = options;
        _client = new QdrantClient(address, options.ApiKey, options.Timeout);
    }

    /// <summary>A server shared by every process, filtering next to the vectors with payload indexes.</summary>
    public VectorIndexCapabilities Capabilities =>
        VectorIndexCapabilities.Writable | VectorIndexCapabilities.SharedAcrossProcesses | VectorIndexCapabilities.ServerSideFiltering;

    public async Task EnsureCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = spec.Name;
        if (!await RetryAsync(ct => _client.CollectionExistsAsync(name, ct), cancellationToken))
        {
            var vectors = new VectorParams
            {
                Size = (ulong)spec.Dimension,
                Distance = spec.Metric == DistanceMetric.InnerProduct ? Distance.Dot : Distance.Cosine,
            };
            try
            {
                await RetryAsync(
                    ct => _client.CreateCollectionAsync(
                        name,
                        vectors,
                        _options.ShardNumber,
                        _options.ReplicationFactor,
                        _options.WriteConsistencyFactor,
                        cancellationToken: ct),
                    cancellationToken);
            }
            catch (VectorIndexException)
            {
                // Created concurrently, or by an earlier attempt whose reply was lost: then it is checked below
                // like any existing collection.
                if (!await RetryAsync(ct => _client.CollectionExistsAsync(name, ct), cancellationToken))
                {
                    throw;
                }
            }
        }

        var info = await RetryAsync(ct => _client.GetCollectionInfoAsync(name, ct), cancellationToken);
        var existing = (int)(info.Config?.Params?.VectorsConfig?.Params?.Size ?? 0);
        if (existing != spec.Dimension)
        {
            throw new VectorIndexException($"Collection {name} exists with dimension {existing}; requested {spec.Dimension}.");
        }

        // Indexes missing after an interrupted setup (or on a collection created elsewhere) are added here.
        foreach (var (field, type) in QdrantPayloads.IndexedFields)
        {
            if (!info.PayloadSchema.ContainsKey(field))
            {
                await RetryAsync(ct => _client.CreatePayloadIndexAsync(name, field, type, cancellationToken: ct), cancellationToken);
            }
        }

        _dimensions[name] = spec.Dimension;
    }

    public async Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var dimension = await DimensionAsync(collection, cancellationToken);
        var points = new List<PointStruct>(records.Count);
        foreach (var record in records)
        {
            Validate(record.Vector, dimension, collection, "Vector of id " + record.Id);
            if (record.Id < 0)
            {
                throw new VectorIndexException($"Ids must be non-negative, got {record.Id}.");
            }

            var point = new PointStruct { Id = (ulong)record.Id, Vectors = record.Vector };
            QdrantPayloads.Write(record.Payload, point.Payload);
            points.Add(point);
        }

        foreach (var batch in points.Chunk(_options.BatchSize))
        {
            await RetryAsync(ct => _client.UpsertAsync(collection, batch, wait: true, cancellationToken: ct), cancellationToken);
        }
    }

    public async Task DeleteAsync(string collection, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var keys = ids.Where(id => id >= 0).Select(id => (ulong)id).ToList();
        try
        {
            foreach (var batch in keys.Chunk(_options.BatchSize))
            {
                await RetryAsync(ct => _client.DeleteAsync(collection, batch, wait: true, cancellationToken: ct), cancellationToken);
            }
        }
        catch (VectorIndexException e) when (IsNotFound(e))
        {
            // Deleting from a collection that does not exist removes nothing.
        }
    }

    public async Task<VectorRecord?> GetAsync(string collection, long id, CancellationToken cancellationToken = default)
    {
        if (id < 0)
        {
            return null;
        }

        IReadOnlyList<RetrievedPoint> points;
        try
        {
            points = await RetryAsync(
                ct => _client.RetrieveAsync(collection, (ulong)id, withPayload: true, withVectors: true, cancellationToken: ct),
                cancellationToken);
        }
        catch (VectorIndexException e) when (IsNotFound(e))
        {
            return null;
        }

        if (points.Count == 0)
        {
            return null;
        }

        var point = points[0];
        var vector = point.Vectors?.Vector?.GetDenseVector()?.Data.ToArray() ?? [];
        return new VectorRecord(id, vector, QdrantPayloads.Read(point.Payload));
    }

    public async Task<IReadOnlyList<ScoredPhoto>> SearchAsync(string collection, VectorSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = VlSearchActivity.VectorIndex.StartActivity("qdrant search");
        activity?.SetTag("collection", collection);
        activity?.SetTag("k", request.K);
        var dimension = await DimensionAsync(collection, cancellationToken);
        Validate(request.Vector, dimension, collection, "Query vector");
        if (request.K < 0 || request.Offset < 0)
        {
            throw new VectorIndexException($"K and Offset must not be negative (K={request.K}, Offset={request.Offset}).");
        }

        if (request.K == 0)
        {
            return [];
        }

        var searchParams = _options.SearchEf is { } ef ? new SearchParams { HnswEf = (ulong)ef } : null;
        var points = await RetryAsync(
            ct => _client.QueryAsync(
                collection,
                query: request.Vector,
                filter: QdrantFilters.ToFilter(request.Filter),
                scoreThreshold: request.ScoreThreshold,
                searchParams: searchParams,
                limit: (ulong)request.K,
                offset: (ulong)request.Offset,
                payloadSelector: true,
                cancellationToken: ct),
            cancellationToken);
        return points.Select(p => new ScoredPhoto((long)p.Id.Num, p.Score, QdrantPayloads.Read(p.Payload))).ToList();
    }

    public async Task<long> CountAsync(string collection, CancellationToken cancellationToken = default)
    {
        try
        {
            return (long)await RetryAsync(ct => _client.CountAsync(collection, exact: true, cancellationToken: ct), cancellationToken);
        }
        catch (VectorIndexException e) when (IsNotFound(e))
        {
            return 0;
        }
    }

    public async Task DropCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        _dimensions.TryRemove(collection, out _);
        if (await RetryAsync(ct => _client.CollectionExistsAsync(collection, ct), cancellationToken))
        {
            await RetryAsync(ct => _client.DeleteCollectionAsync(collection, cancellationToken: ct), cancellationToken);
        }
    }

    /// <summary>Writes are sent with <c>wait=true</c> and the server persists them; nothing is pending here.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsNotFound(VectorIndexException e) => e.InnerException is RpcException { StatusCode: StatusCode.NotFound };

    private static void Validate(float[] vector, int dimension, string collection, string what)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Length != dimension)
        {
            throw new VectorIndexException($"{what} has {vector.Length} dimensions; collection {collection} expects {dimension}.");
        }

        var norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || norm == 0f)
        {
            throw new VectorIndexException($"{what} has a zero or non-finite length.");
        }
    }

    private async Task<int> DimensionAsync(string collection, CancellationToken cancellationToken)
    {
        if (_dimensions.TryGetValue(collection, out var cached))
        {
            return cached;
        }

        CollectionInfo info;
        try
        {
            info = await RetryAsync(ct => _client.GetCollectionInfoAsync(collection, ct), cancellationToken);
        }
        catch (VectorIndexException e) when (IsNotFound(e))
        {
            throw new VectorIndexException($"Collection {collection} does not exist.", e.InnerException!);
        }

        var size = info.Config?.Params?.VectorsConfig?.Params?.Size
            ?? throw new VectorIndexException($"Collection {collection} has no single unnamed vector.");
        return _dimensions[collection] = (int)size;
    }

    private async Task RetryAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await RetryAsync(
            async ct =>
            {
                await call(ct);
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Runs a call, retrying transient failures with exponential backoff and jitter. Other server errors and the
    /// final transient one surface as <see cref="VectorIndexException"/> with the gRPC error inside.
    /// </summary>
    private async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (RpcException e) when (IsTransient(e) && attempt < _options.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (RpcException e)
            {
                var retried = IsTransient(e) ? $" after {attempt + 1} attempts" : "";
                throw new VectorIndexException($"Qdrant request failed{retried}: {e.Status.StatusCode}: {e.Status.Detail}", e);
            }
            catch (QdrantException e)
            {
                throw new VectorIndexException($"Qdrant request failed: {e.Message}", e);
            }
        }
    }

    private static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt);
        var capped = Math.Min(exponential, _options.MaxBackoff.TotalMilliseconds);

        // Jitter keeps many clients from retrying in lockstep after a server restart.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }
}
