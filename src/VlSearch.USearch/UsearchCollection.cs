using System.Numerics.Tensors;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// One collection: a native HNSW index, the payload sidecar in memory, and its folder on disk. Searches share a
/// read lock and run in parallel; writes, compaction and drops take the write lock; flushes exclude writers only.
/// </summary>
internal sealed class UsearchCollection : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _cacheGate = new();
    private readonly USearchOptions _options;
    private readonly SemaphoreSlim _searchSlots;
    private NativeIndex? _native;
    private RescoreStore? _rescore;
    private Dictionary<long, PhotoPayload> _payloads = [];
    private ExactMatrix? _exact;
    /// <summary>
    /// Vectors added one at a time before parallel inserts begin: concurrent inserts into a small graph leave some
    /// nodes unreachable from the entry point.
    /// </summary>
    private const int SequentialSeed = 2048;

    private long _deletedSinceBuild;
    private long _generation;
    private bool _dirty;
    private bool _loadedCleanly = true;
    private string? _rebuildReason;

    private UsearchCollection(string folder, string name, USearchOptions options)
    {
        Folder = folder;
        Name = name;
        _options = options;
        _searchSlots = new SemaphoreSlim(options.SearchConcurrency);
        Quantization = options.Quantization;
    }

    public string Name { get; }

    public string Folder { get; }

    public string ModelId { get; private set; } = "";

    /// <summary>0 while unknown (the manifest was unreadable and no spec was given since).</summary>
    public int Dimension { get; private set; }

    public DistanceMetric Metric { get; private set; }

    public USearchQuantization Quantization { get; private set; }

    /// <summary>Bytes the native index reports for itself (0 before the first vector).</summary>
    public long NativeMemoryUsage
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _native?.MemoryUsage ?? 0;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Whether graph candidates are re-ranked with half-precision copies (8-bit collections).</summary>
    public bool Rescores => _rescore is not null;

    /// <summary>How many times the graph was rebuilt to drop deleted entries.</summary>
    public int Compactions { get; private set; }

    public static UsearchCollection Create(string folder, string name, CollectionSpec spec, USearchOptions options)
    {
        Directory.CreateDirectory(folder);
        var collection = new UsearchCollection(folder, name, options) { _dirty = true };
        collection.Adopt(spec);
        return collection;
    }

    /// <summary>Opens the last committed state; damage is reported through <see cref="Health"/>, never thrown.</summary>
    public static UsearchCollection Open(string folder, string name, USearchOptions options)
    {
        var collection = new UsearchCollection(folder, name, options);
        collection.Load();
        return collection;
    }

    public CollectionHealth Health()
    {
        _lock.EnterReadLock();
        try
        {
            return new CollectionHealth(
                Name,
                Exists: true,
                _loadedCleanly,
                NeedsRebuild: _rebuildReason is not null,
                _native?.Size ?? 0,
                _payloads.Count,
                Dimension > 0 ? Dimension : null,
                _rebuildReason);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Takes the spec of a collection whose manifest could not be read.</summary>
    public void Adopt(CollectionSpec spec)
    {
        if (spec.Dimension <= 0)
        {
            throw new VectorIndexException($"Collection {spec.Name} needs a positive dimension, got {spec.Dimension}.");
        }

        _lock.EnterWriteLock();
        try
        {
            if (Dimension == 0)
            {
                ModelId = spec.ModelId;
                Dimension = spec.Dimension;
                Metric = spec.Metric;
                _dirty = true;
            }
            else if (Dimension != spec.Dimension || Metric != spec.Metric)
            {
                throw new VectorIndexException(
                    $"Collection {Name} exists with dimension {Dimension} ({Metric}); requested {spec.Dimension} ({spec.Metric}).");
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public long Count()
    {
        _lock.EnterReadLock();
        try
        {
            return _payloads.Count;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Upsert(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        // Validate everything first so that a bad record never leaves a half-applied batch.
        var latest = new Dictionary<long, VectorRecord>(records.Count);
        foreach (var record in records)
        {
            ValidateVector(record.Vector, "Vector of id " + record.Id);
            if (record.Id < 0)
            {
                throw new VectorIndexException($"Ids must be non-negative, got {record.Id}.");
            }

            ArgumentNullException.ThrowIfNull(record.Payload);
            latest[record.Id] = record;
        }

        var batch = latest.Values.ToArray();
        _lock.EnterWriteLock();
        try
        {
            var native = _native ??= NativeIndex.Create(Dimension, Metric, Quantization, _options);
            if (_rescore is null && _payloads.Count == 0 && Quantization == USearchQuantization.I8 && _options.RescoreQuantized)
            {
                _rescore = new RescoreStore(Dimension);
            }

            foreach (var record in batch)
            {
                if (_payloads.Remove(record.Id))
                {
                    Remove(native, record.Id);
                }
            }

            native.EnsureCapacity(native.Size + batch.Length);
            try
            {
                var threads = _options.EffectiveThreads;
                var sequential = threads > 1 && batch.Length >= 256
                    ? (int)Math.Clamp(SequentialSeed - native.Size, 0, batch.Length)
                    : batch.Length;
                for (var i = 0; i < sequential; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    native.Add((ulong)batch[i].Id, batch[i].Vector);
                }

                if (sequential < batch.Length)
                {
                    var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
                    Parallel.For(sequential, batch.Length, parallel, i => native.Add((ulong)batch[i].Id, batch[i].Vector));
                }
            }
            finally
            {
                // Whatever made it into the graph gets its payload, so the two never disagree after a failure.
                foreach (var record in batch)
                {
                    if (native.Contains((ulong)record.Id))
                    {
                        _payloads[record.Id] = record.Payload;
                        _rescore?.Put(record.Id, record.Vector);
                    }
                }

                _exact = null;
                _dirty = true;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Delete(IReadOnlyList<long> ids)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                if (_payloads.Remove(id))
                {
                    Remove(_native!, id);
                    _exact = null;
                    _dirty = true;
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public VectorRecord? Get(long id)
    {
        _lock.EnterReadLock();
        try
        {
            if (_native is null || !_payloads.TryGetValue(id, out var payload))
            {
                return null;
            }

            var vector = new float[Dimension];
            return TryVector(id, vector) ? new VectorRecord(id, vector, payload) : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<ScoredPhoto> Search(VectorSearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request.Vector);
        ValidateVector(request.Vector, "Query vector");
        if (request.K < 0 || request.Offset < 0)
        {
            throw new VectorIndexException($"K and Offset must not be negative (K={request.K}, Offset={request.Offset}).");
        }

        var filter = request.Filter is { IsEmpty: false } f ? f : null;
        _lock.EnterReadLock();
        try
        {
            var count = _payloads.Count;
            var need = (int)Math.Min((long)request.K + request.Offset, count);
            if (need == 0 || _native is null)
            {
                return [];
            }

            List<(long Id, float Score)> hits;
            if (filter is null)
            {
                hits = count < _options.ExactSearchBelow
                    ? ExactOverAll(request.Vector, need, null)
                    : RankedGraph(request.Vector, need, null, cancellationToken);
            }
            else
            {
                hits = FilteredSearch(request.Vector, need, filter, count, cancellationToken);
            }

            var results = new List<ScoredPhoto>(Math.Min(request.K, hits.Count));
            foreach (var (id, score) in hits.Skip(request.Offset))
            {
                if (results.Count == request.K || (request.ScoreThreshold is { } threshold && score < threshold))
                {
                    break;
                }

                results.Add(new ScoredPhoto(id, score, _payloads[id]));
            }

            return results;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Flush(CancellationToken cancellationToken)
    {
        CompactIfNeeded(cancellationToken);
        _lock.EnterUpgradeableReadLock();
        try
        {
            if (!_dirty)
            {
                return;
            }

            if (Dimension == 0)
            {
                // Nothing is known about this collection yet; keep the damaged files for the next EnsureCollection.
                return;
            }

            var generation = _generation + 1;
            string? vectorsFile = null;
            long vectorsLength = 0;
            string? vectorsHash = null;
            if (_native is not null && _payloads.Count > 0)
            {
                vectorsFile = $"vectors.{generation}.usearch";
                var path = Path.Combine(Folder, vectorsFile);
                _native.Save(path + DurableFile.TempSuffix);
                DurableFile.Commit(path + DurableFile.TempSuffix, path);
                vectorsLength = new FileInfo(path).Length;
                vectorsHash = DurableFile.Hash(path);
            }

            string? rescoreFile = null;
            long rescoreLength = 0;
            string? rescoreHash = null;
            if (_rescore is not null && _payloads.Count > 0)
            {
                rescoreFile = $"rescore.{generation}.f16";
                var path = Path.Combine(Folder, rescoreFile);
                DurableFile.Write(path, stream => _rescore.Write(stream, _payloads.Keys));
                rescoreLength = new FileInfo(path).Length;
                rescoreHash = DurableFile.Hash(path);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var payloadsFile = $"payloads.{generation}.bin";
            var payloadsPath = Path.Combine(Folder, payloadsFile);
            DurableFile.Write(payloadsPath, stream => PayloadFile.Write(stream, _payloads));

            var manifest = new CollectionManifest
            {
                ModelId = ModelId,
                Dimension = Dimension,
                Metric = Metric,
                Quantization = Quantization,
                Generation = generation,
                Count = _payloads.Count,
                DeletedSinceBuild = _deletedSinceBuild,
                RebuildReason = _rebuildReason,
                VectorsFile = vectorsFile,
                VectorsLength = vectorsLength,
                VectorsSha256 = vectorsHash,
                RescoreFile = rescoreFile,
                RescoreLength = rescoreLength,
                RescoreSha256 = rescoreHash,
                PayloadsFile = payloadsFile,
                PayloadsLength = new FileInfo(payloadsPath).Length,
                PayloadsSha256 = DurableFile.Hash(payloadsPath),
                SavedAtUtc = DateTime.UtcNow,
            };
            manifest.Write(Path.Combine(Folder, CollectionManifest.FileName));
            _generation = generation;
            _dirty = false;
            if (rescoreFile is not null)
            {
                // Readers use the mapping, so the switch to the committed file waits for them.
                _lock.EnterWriteLock();
                try
                {
                    _rescore!.SwitchTo(Path.Combine(Folder, rescoreFile));
                }
                finally
                {
                    _lock.ExitWriteLock();
                }
            }

            DeleteFilesExcept(vectorsFile, payloadsFile, rescoreFile);
        }
        finally
        {
            _lock.ExitUpgradeableReadLock();
        }
    }

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            _native?.Dispose();
            _native = null;
            _rescore?.Dispose();
            _rescore = null;
            _payloads = [];
            _exact = null;
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        _lock.Dispose();
        _searchSlots.Dispose();
    }

    private static void TopK(PriorityQueue<long, float> heap, int k, long id, float score)
    {
        if (heap.Count < k)
        {
            heap.Enqueue(id, score);
        }
        else if (heap.TryPeek(out _, out var worst) && score > worst)
        {
            heap.DequeueEnqueue(id, score);
        }
    }

    private static List<(long Id, float Score)> Drain(PriorityQueue<long, float> heap)
    {
        var hits = new List<(long Id, float Score)>(heap.Count);
        while (heap.TryDequeue(out var id, out var score))
        {
            hits.Add((id, score));
        }

        hits.Reverse();
        return hits;
    }

    private void ValidateVector(float[] vector, string what)
    {
        if (Dimension == 0)
        {
            throw new VectorIndexException($"Collection {Name} has no known dimension; call EnsureCollectionAsync first.");
        }

        if (vector.Length != Dimension)
        {
            throw new VectorIndexException($"{what} has {vector.Length} dimensions; collection {Name} expects {Dimension}.");
        }

        var norm = TensorPrimitives.Norm(vector);
        if (!float.IsFinite(norm) || (norm == 0f && Metric == DistanceMetric.Cosine))
        {
            throw new VectorIndexException($"{what} has a zero or non-finite length.");
        }
    }

    private List<(long Id, float Score)> FilteredSearch(
        float[] query, int need, PhotoFilter filter, int count, CancellationToken cancellationToken)
    {
        // Graph traversal under a very selective filter wanders through rejected nodes and misses matches; a
        // small subset is cheaper and exact when scanned directly. The scan stops as soon as the subset is
        // known to be too large for that.
        var exactLimit = count < _options.ExactSearchBelow
            ? int.MaxValue
            : Math.Max(_options.ExactSearchBelow - 1, (int)(count * _options.FilteredExactFraction));
        var matching = Matching(filter, exactLimit);
        if (matching is not null)
        {
            if (matching.Count == 0)
            {
                return [];
            }

            need = Math.Min(need, matching.Count);
            return count < _options.ExactSearchBelow
                ? ExactOverAll(query, need, matching.ToHashSet())
                : ExactOverSubset(query, need, matching);
        }

        var hits = RankedGraph(query, need, key => _payloads.TryGetValue((long)key, out var payload) && filter.Matches(payload), cancellationToken);
        if (hits.Count >= need)
        {
            return hits;
        }

        // The traversal ran out of matching candidates before filling the page: answer exactly.
        var all = Matching(filter, int.MaxValue)!;
        return ExactOverSubset(query, Math.Min(need, all.Count), all);
    }

    /// <summary>Ids passing the filter, or null once more than <paramref name="limit"/> do.</summary>
    private List<long>? Matching(PhotoFilter filter, int limit)
    {
        var matching = new List<long>();
        foreach (var (id, payload) in _payloads)
        {
            if (filter.Matches(payload))
            {
                if (matching.Count == limit)
                {
                    return null;
                }

                matching.Add(id);
            }
        }

        return matching;
    }

    /// <summary>Graph search; for rescored collections an oversampled candidate list re-ranked with the copies.</summary>
    private List<(long Id, float Score)> RankedGraph(float[] query, int need, Func<ulong, bool>? predicate, CancellationToken cancellationToken)
    {
        if (_rescore is null)
        {
            return Graph(query, need, predicate, cancellationToken);
        }

        var wide = (int)Math.Min(_payloads.Count, Math.Max(need, (long)need * _options.RescoreOversampling));
        var candidates = Graph(query, wide, predicate, cancellationToken);
        var q = PrepareQuery(query);
        var buffer = new float[Dimension];
        var rescored = new List<(long Id, float Score)>(candidates.Count);
        foreach (var (id, _) in candidates)
        {
            if (TryVector(id, buffer))
            {
                rescored.Add((id, Score(buffer, q)));
            }
        }

        rescored.Sort((a, b) => b.Score.CompareTo(a.Score));
        if (rescored.Count > need)
        {
            rescored.RemoveRange(need, rescored.Count - need);
        }

        return rescored;
    }

    private List<(long Id, float Score)> Graph(float[] query, int need, Func<ulong, bool>? predicate, CancellationToken cancellationToken)
    {
        var keys = new ulong[need];
        var distances = new float[need];
        _searchSlots.Wait(cancellationToken);
        int found;
        try
        {
            found = predicate is null
                ? _native!.Search(query, keys, distances)
                : _native!.FilteredSearch(query, predicate, keys, distances);
        }
        finally
        {
            _searchSlots.Release();
        }

        var hits = new List<(long Id, float Score)>(found);
        for (var i = 0; i < found; i++)
        {
            // USearch reports distances: 1 - cosine for cos, 1 - dot for ip.
            hits.Add(((long)keys[i], 1f - distances[i]));
        }

        return hits;
    }

    private List<(long Id, float Score)> ExactOverAll(float[] query, int need, HashSet<long>? allowed)
    {
        var matrix = ExactMatrixSnapshot();
        var q = PrepareQuery(query);
        var heap = new PriorityQueue<long, float>(need + 1);
        var dimension = Dimension;
        for (var row = 0; row < matrix.Ids.Length; row++)
        {
            var id = matrix.Ids[row];
            if (allowed is not null && !allowed.Contains(id))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(matrix.Vectors.AsSpan(row * dimension, dimension), q);
            TopK(heap, need, id, score);
        }

        return Drain(heap);
    }

    private List<(long Id, float Score)> ExactOverSubset(float[] query, int need, List<long> ids)
    {
        var q = PrepareQuery(query);
        var buffer = new float[Dimension];
        var heap = new PriorityQueue<long, float>(need + 1);
        foreach (var id in ids)
        {
            if (TryVector(id, buffer))
            {
                TopK(heap, need, id, Score(buffer, q));
            }
        }

        return Drain(heap);
    }

    private void Remove(NativeIndex native, long id)
    {
        native.Remove((ulong)id);
        _rescore?.Remove(id);
        _deletedSinceBuild++;
    }

    /// <summary>Similarity of a stored vector to a query prepared by <see cref="PrepareQuery"/>.</summary>
    private float Score(float[] vector, float[] preparedQuery) =>
        Metric == DistanceMetric.Cosine
            ? TensorPrimitives.Dot(vector, preparedQuery) / TensorPrimitives.Norm(vector)
            : TensorPrimitives.Dot(vector, preparedQuery);

    /// <summary>The best copy of a stored vector: the half-precision one when rescoring, else the index's own.</summary>
    private bool TryVector(long id, Span<float> destination) =>
        _rescore is not null ? _rescore.TryGet(id, destination) : _native!.Get((ulong)id, destination);

    private float[] PrepareQuery(float[] query)
    {
        var q = (float[])query.Clone();
        if (Metric == DistanceMetric.Cosine)
        {
            VectorMath.NormalizeInPlace(q);
        }

        return q;
    }

    /// <summary>Decoded (and, for cosine, normalized) copy of every vector, rebuilt lazily after writes.</summary>
    private ExactMatrix ExactMatrixSnapshot()
    {
        var current = _exact;
        if (current is not null)
        {
            return current;
        }

        lock (_cacheGate)
        {
            if (_exact is not null)
            {
                return _exact;
            }

            var ids = _payloads.Keys.ToArray();
            var vectors = new float[(long)ids.Length * Dimension];
            for (var row = 0; row < ids.Length; row++)
            {
                var span = vectors.AsSpan(row * Dimension, Dimension);
                TryVector(ids[row], span);
                if (Metric == DistanceMetric.Cosine)
                {
                    VectorMath.NormalizeInPlace(span);
                }
            }

            _exact = new ExactMatrix(ids, vectors);
            return _exact;
        }
    }

    private void CompactIfNeeded(CancellationToken cancellationToken)
    {
        _lock.EnterWriteLock();
        try
        {
            var count = _payloads.Count;
            if (_native is null || _deletedSinceBuild == 0 ||
                _deletedSinceBuild < Math.Max(64, _options.CompactionDeletedFraction * count))
            {
                return;
            }

            // Deleted HNSW nodes stay in the graph as tombstones and degrade recall; a rebuild drops them.
            var rebuilt = NativeIndex.Create(Dimension, Metric, Quantization, _options);
            try
            {
                rebuilt.EnsureCapacity(Math.Max(count, 1));
                var ids = _payloads.Keys.ToArray();
                var old = _native;
                var parallel = new ParallelOptions
                {
                    MaxDegreeOfParallelism = _options.EffectiveThreads,
                    CancellationToken = cancellationToken,
                };
                // The rescoring copies are more precise than 8-bit codes, so they seed the new graph when present.
                var rescore = _rescore;
                Parallel.For(0, ids.Length, parallel, () => new float[Dimension], (i, _, buffer) =>
                {
                    if (rescore is not null ? rescore.TryGet(ids[i], buffer) : old.Get((ulong)ids[i], buffer))
                    {
                        rebuilt.Add((ulong)ids[i], buffer);
                    }

                    return buffer;
                }, _ => { });
            }
            catch
            {
                rebuilt.Dispose();
                throw;
            }

            _native.Dispose();
            _native = rebuilt;
            _deletedSinceBuild = 0;
            _exact = null;
            _dirty = true;
            Compactions++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void Load()
    {
        DeleteTemporaryFiles();
        var manifestPath = Path.Combine(Folder, CollectionManifest.FileName);
        CollectionManifest manifest;
        try
        {
            manifest = CollectionManifest.Read(manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            MarkDamaged(File.Exists(manifestPath) ? $"manifest unreadable: {e.Message}" : "manifest missing");
            return;
        }

        ModelId = manifest.ModelId;
        Dimension = manifest.Dimension;
        Metric = manifest.Metric;
        Quantization = manifest.Quantization;
        _generation = manifest.Generation;
        _deletedSinceBuild = manifest.DeletedSinceBuild;
        _rebuildReason = manifest.RebuildReason;

        NativeIndex? native = null;
        RescoreStore? rescore = null;
        try
        {
            var payloadsPath = Path.Combine(Folder, manifest.PayloadsFile);
            CheckFile(payloadsPath, manifest.PayloadsLength, manifest.PayloadsSha256);
            Dictionary<long, PhotoPayload> payloads;
            using (var stream = File.OpenRead(payloadsPath))
            {
                payloads = PayloadFile.Read(stream);
            }

            if (manifest.VectorsFile is not null)
            {
                var vectorsPath = Path.Combine(Folder, manifest.VectorsFile);
                CheckFile(vectorsPath, manifest.VectorsLength, manifest.VectorsSha256);
                native = NativeIndex.Load(vectorsPath, _options);
                if (native.Dimension != manifest.Dimension)
                {
                    throw new InvalidDataException($"index has {native.Dimension} dimensions, manifest says {manifest.Dimension}");
                }

                if (native.Size != payloads.Count || payloads.Keys.Any(id => !native.Contains((ulong)id)))
                {
                    throw new InvalidDataException($"index holds {native.Size} vectors but the sidecar {payloads.Count} payloads");
                }
            }
            else if (payloads.Count > 0)
            {
                throw new InvalidDataException("payloads without a vector file");
            }

            if (manifest.RescoreFile is not null)
            {
                var rescorePath = Path.Combine(Folder, manifest.RescoreFile);
                CheckFile(rescorePath, manifest.RescoreLength, manifest.RescoreSha256);
                rescore = RescoreStore.Open(rescorePath, manifest.Dimension);
                if (payloads.Keys.Any(id => !rescore.Contains(id)))
                {
                    throw new InvalidDataException("the rescoring file misses vectors of the index");
                }
            }

            if (payloads.Count != manifest.Count)
            {
                throw new InvalidDataException($"manifest counts {manifest.Count} vectors, files hold {payloads.Count}");
            }

            _native = native;
            _rescore = rescore;
            _payloads = payloads;
            DeleteFilesExcept(manifest.VectorsFile, manifest.PayloadsFile, manifest.RescoreFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or VectorIndexException)
        {
            native?.Dispose();
            rescore?.Dispose();
            MarkDamaged(e.Message);
        }
    }

    private static void CheckFile(string path, long length, string? sha256)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new InvalidDataException($"{info.Name} is missing");
        }

        if (info.Length != length)
        {
            throw new InvalidDataException($"{info.Name} has {info.Length} bytes, expected {length}");
        }

        if (sha256 is not null && !string.Equals(DurableFile.Hash(path), sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{info.Name} does not match its checksum");
        }
    }

    private void MarkDamaged(string reason)
    {
        _loadedCleanly = false;
        _rebuildReason ??= reason;
        _native = null;
        _deletedSinceBuild = 0;
        _payloads = [];
        _dirty = true;
    }

    private void DeleteTemporaryFiles()
    {
        foreach (var file in Directory.EnumerateFiles(Folder, "*" + DurableFile.TempSuffix))
        {
            TryDelete(file);
        }
    }

    private void DeleteFilesExcept(string? vectorsFile, string payloadsFile, string? rescoreFile)
    {
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var name = Path.GetFileName(file);
            if (name != CollectionManifest.FileName && name != vectorsFile && name != payloadsFile && name != rescoreFile)
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Stale files are harmless: they are not referenced by the manifest and are retried at the next flush.
        }
    }

    private sealed record ExactMatrix(long[] Ids, float[] Vectors);
}
