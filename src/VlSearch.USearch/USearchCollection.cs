using System.Numerics.Tensors;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// One collection: a native HNSW index, the payload sidecar in memory, and its folder on disk. Searches share a
/// read lock and run in parallel; writes, compaction and drops take the write lock; flushes exclude writers only.
/// Searching is delegated to <see cref="USearchSearcher"/>, files to <see cref="USearchCollectionFiles"/> and graph
/// rebuilds to <see cref="USearchCompactor"/>; this type owns the state and the lock that guards it.
/// Across instances and processes, changes take the folder's <see cref="WriterLock"/> from the first change until the
/// flush that commits them (a writer whose files are older than the committed ones reloads first); instances that
/// only read never take it, never delete files, and reload when another writer committed a newer generation.
/// </summary>
internal sealed partial class USearchCollection : IDisposable
{
    /// <summary>
    /// Vectors added one at a time before parallel inserts begin: concurrent inserts into a small graph leave some
    /// nodes unreachable from the entry point.
    /// </summary>
    private const int SequentialSeed = 2048;

    /// <summary>How often a reading instance looks at the manifest for a newer generation.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly ExactMatrixCache _exact = new();
    private readonly USearchOptions _options;
    private readonly SemaphoreSlim _searchSlots;
    private readonly Lock _writerGate = new();
    private WriterLock? _writer;
    private (DateTime Written, long Length) _manifestStamp;
    private long _nextRefreshCheck;
    private NativeIndex? _native;
    private RescoreStore? _rescore;
    private Dictionary<long, PhotoPayload> _payloads = [];
    private long _deletedSinceBuild;
    private long _generation;
    private bool _dirty;
    private bool _loadedCleanly = true;
    private string? _rebuildReason;

    private USearchCollection(string folder, string name, USearchOptions options)
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

    /// <summary>Entries removed from the graph since it was last built (replaced vectors count too).</summary>
    public long DeletedSinceBuild => Interlocked.Read(ref _deletedSinceBuild);

    public static USearchCollection Create(string folder, string name, CollectionSpec spec, USearchOptions options)
    {
        Directory.CreateDirectory(folder);
        var collection = new USearchCollection(folder, name, options) { _dirty = true };
        try
        {
            collection.Adopt(spec);
        }
        catch
        {
            collection.Dispose();
            throw;
        }

        return collection;
    }

    /// <summary>Opens the last committed state; damage is reported through <see cref="Health"/>, never thrown.</summary>
    public static USearchCollection Open(string folder, string name, USearchOptions options)
    {
        var collection = new USearchCollection(folder, name, options);
        collection.Load();
        collection.CleanUpIfNoWriter();
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

        if (Dimension == 0)
        {
            EnterWrite();
        }
        else
        {
            _lock.EnterWriteLock();
        }

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
        EnterWrite();
        try
        {
            var native = _native ??= NativeIndex.Create(Dimension, Metric, Quantization, _options);
            if (_rescore is null && _payloads.Count == 0 && Quantization == USearchQuantization.I8 && _options.RescoreQuantized)
            {
                _rescore = new RescoreStore(Dimension);
            }

            // A record whose vector the graph already holds as it would store it only changes its payload: tag and
            // album changes push every affected photo again, and removing and re-adding those would cost a graph
            // insertion each and leave a deleted entry behind that later forces a compaction.
            batch = PayloadOnly(native, batch);
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

                _exact.Invalidate();
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
        if (ids.Count == 0)
        {
            return;
        }

        _lock.EnterReadLock();
        try
        {
            if (!ids.Any(_payloads.ContainsKey) && (_writer is not null || ManifestStamp() == _manifestStamp))
            {
                // Nothing to change, and no newer commit that might hold them: a reader stays a reader.
                return;
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        EnterWrite();
        try
        {
            foreach (var id in ids)
            {
                if (_payloads.Remove(id))
                {
                    Remove(_native!, id);
                    _exact.Invalidate();
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
            return USearchSearcher.StoredVector(_native, _rescore, id, vector) ? new VectorRecord(id, vector, payload) : null;
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
            var need = (int)Math.Min((long)request.K + request.Offset, _payloads.Count);
            if (need == 0 || _native is null)
            {
                return [];
            }

            var searcher = new USearchSearcher(_native, _rescore, _payloads, Dimension, Metric, _options, _searchSlots, _exact);
            var hits = searcher.Search(request.Vector, need, filter, cancellationToken);
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

    /// <summary>Commits this instance's changes and releases the writer lock; nothing to do for an instance that only read.</summary>
    public void Flush(CancellationToken cancellationToken)
    {
        lock (_writerGate)
        {
            if (_writer is null)
            {
                return;
            }

            FlushHoldingWriter(cancellationToken);

            // Released under the write lock, and only with nothing left to commit: a change that entered after the
            // save keeps the lock until the next flush (see EnterWrite).
            _lock.EnterWriteLock();
            try
            {
                if (!_dirty || Dimension == 0)
                {
                    _writer.Dispose();
                    _writer = null;
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

    private void FlushHoldingWriter(CancellationToken cancellationToken)
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

            var header = new CollectionManifest
            {
                ModelId = ModelId,
                Dimension = Dimension,
                Metric = Metric,
                Quantization = Quantization,
                Generation = _generation + 1,
                DeletedSinceBuild = _deletedSinceBuild,
                RebuildReason = _rebuildReason,
                // The files are named by the save itself.
                PayloadsFile = "",
                PayloadsSha256 = "",
            };
            var manifest = USearchCollectionFiles.Save(Folder, header, _native, _rescore, _payloads, cancellationToken);
            _generation = manifest.Generation;
            _manifestStamp = ManifestStamp();
            _dirty = false;
            if (manifest.RescoreFile is not null)
            {
                // Readers use the mapping, so the switch to the committed file waits for them.
                _lock.EnterWriteLock();
                try
                {
                    _rescore!.SwitchTo(Path.Combine(Folder, manifest.RescoreFile));
                }
                finally
                {
                    _lock.ExitWriteLock();
                }
            }

            USearchCollectionFiles.DeleteFilesExcept(Folder, manifest);
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
            _exact.Invalidate();
        }
        finally
        {
            _lock.ExitWriteLock();
        }

        lock (_writerGate)
        {
            _writer?.Dispose();
            _writer = null;
        }

        _lock.Dispose();
        _searchSlots.Dispose();
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

    /// <summary>
    /// Gives the records whose stored vector equals what their new vector would be stored as their new payload, and
    /// returns the others. Equal means bit for bit after the collection's own rounding (32-bit: none; 16-bit, and
    /// the half-precision copies an 8-bit collection keeps for rescoring: to half precision; an 8-bit collection
    /// without those copies always takes the full replacement, its codes telling too little).
    /// </summary>
    private VectorRecord[] PayloadOnly(NativeIndex native, VectorRecord[] batch)
    {
        if (_payloads.Count == 0 || (Quantization == USearchQuantization.I8 && _rescore is null))
        {
            return batch;
        }

        var stored = new float[Dimension];
        var expected = new float[Dimension];
        var replace = new List<VectorRecord>(batch.Length);
        foreach (var record in batch)
        {
            if (!_payloads.ContainsKey(record.Id) || !USearchSearcher.StoredVector(native, _rescore, record.Id, stored))
            {
                replace.Add(record);
                continue;
            }

            record.Vector.AsSpan().CopyTo(expected);
            if (Quantization != USearchQuantization.F32)
            {
                for (var i = 0; i < expected.Length; i++)
                {
                    expected[i] = (float)(Half)expected[i];
                }
            }

            if (stored.AsSpan().SequenceEqual(expected))
            {
                _payloads[record.Id] = record.Payload;
                _exact.Invalidate();
                _dirty = true;
            }
            else
            {
                replace.Add(record);
            }
        }

        return replace.Count == batch.Length ? batch : [.. replace];
    }

    private void Remove(NativeIndex native, long id)
    {
        native.Remove((ulong)id);
        _rescore?.Remove(id);
        _deletedSinceBuild++;
    }

    private void CompactIfNeeded(CancellationToken cancellationToken)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!USearchCompactor.IsDue(_native, _deletedSinceBuild, _payloads.Count, _options))
            {
                return;
            }

            var rebuilt = USearchCompactor.Rebuild(
                _native!, _rescore, _payloads.Keys.ToArray(), Dimension, Metric, Quantization, _options, cancellationToken);
            _native!.Dispose();
            _native = rebuilt;
            _deletedSinceBuild = 0;
            _exact.Invalidate();
            _dirty = true;
            Compactions++;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
