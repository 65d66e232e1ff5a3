using System.Collections.Concurrent;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// The embedded vector index: one USearch HNSW graph per collection under <c>directory/&lt;collection&gt;/</c>, with
/// payloads in a sidecar file. Small collections and selective filters are answered by exact search; 8-bit
/// collections re-rank graph candidates with half-precision copies (see <see cref="USearchOptions.RescoreQuantized"/>). Writes become
/// durable on <see cref="FlushAsync"/> (and on dispose); a collection whose files are missing or damaged opens
/// empty and reports <see cref="CollectionHealth.NeedsRebuild"/> instead of silently serving partial data.
/// Thread-safe: searches run in parallel, writes to a collection are serialized. One writer per collection across
/// processes: a change takes the collection's <c>writer.lock</c> until the flush that commits it, and a second writer
/// meanwhile gets a <see cref="VectorIndexException"/> naming the holder; an instance that only reads picks up what
/// other processes committed (checked at most twice a second), never a half-written generation.
/// </summary>
public sealed class USearchVectorIndex : IVectorIndex
{
    private readonly ConcurrentDictionary<string, USearchCollection> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly USearchOptions _options;
    private bool _disposed;

    /// <summary>Opens (or creates) the index folder; collections are loaded lazily on first use.</summary>
    public USearchVectorIndex(string directory, USearchOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        _options = options ?? new USearchOptions();
    }

    /// <summary>Raised once per opened collection whose saved files were missing or damaged.</summary>
    public event EventHandler<RebuildNeededEventArgs>? RebuildNeeded;

    /// <summary>Writable, embedded in this process's folder; filters are evaluated in process over the payload sidecar.</summary>
    public VectorIndexCapabilities Capabilities => VectorIndexCapabilities.Writable | VectorIndexCapabilities.EmbeddedOnLocalDisk;

    /// <summary>The folder holding one sub-folder per collection.</summary>
    public string Directory { get; }

    public Task EnsureCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = spec.Name;
        var existing = TryOpen(name);
        if (existing is not null)
        {
            existing.Adopt(spec);
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_open.ContainsKey(name))
            {
                var created = USearchCollection.Create(FolderOf(name), name, spec, _options);
                created.Flush(cancellationToken);
                _open[name] = created;
                return Task.CompletedTask;
            }
        }

        return EnsureCollectionAsync(spec, cancellationToken);
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        Require(collection).Upsert(records, cancellationToken);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string collection, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        TryOpen(collection)?.Delete(ids);
        return Task.CompletedTask;
    }

    public Task<VectorRecord?> GetAsync(string collection, long id, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryOpen(collection)?.Get(id));

    public Task<IReadOnlyList<ScoredPhoto>> SearchAsync(string collection, VectorSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = VlSearchActivity.VectorIndex.StartActivity("usearch search");
        activity?.SetTag("collection", collection);
        activity?.SetTag("k", request.K);
        return Task.FromResult(Require(collection).Search(request, cancellationToken));
    }

    public Task<long> CountAsync(string collection, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryOpen(collection)?.Count() ?? 0);

    public Task DropCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        ValidateName(collection);
        lock (_gate)
        {
            ThrowIfDisposed();
            var folder = FolderOf(collection);
            if (_open.TryGetValue(collection, out var state))
            {
                // The drop is a change like any other: refused while another process writes this collection.
                state.AcquireWriter();
                _open.TryRemove(collection, out _);
                DeleteFolder(folder, state);
            }
            else if (System.IO.Directory.Exists(folder))
            {
                DeleteFolder(folder, WriterLock.Acquire(folder, collection, WriterLock.WriterWait));
            }
        }

        return Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        foreach (var collection in _open.Values)
        {
            collection.Flush(cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Loads the collection if needed and reports whether its saved state loaded cleanly and whether it must be
    /// rebuilt from the catalog (drop, ensure, upsert every vector, flush).
    /// </summary>
    public Task<CollectionHealth> VerifyAsync(string collection, CancellationToken cancellationToken = default)
    {
        var state = TryOpen(collection);
        return Task.FromResult(state?.Health() ?? new CollectionHealth(collection, false, true, false, 0, 0, null, null));
    }

    /// <summary>Health of every collection in the folder, loading each one.</summary>
    public async Task<IReadOnlyList<CollectionHealth>> VerifyAllAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<CollectionHealth>();
        foreach (var name in ListCollections())
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await VerifyAsync(name, cancellationToken));
        }

        return results;
    }

    /// <summary>Names of the collections on disk or in memory.</summary>
    public IReadOnlyList<string> ListCollections()
    {
        var names = new SortedSet<string>(_open.Keys, StringComparer.Ordinal);
        foreach (var folder in System.IO.Directory.EnumerateDirectories(Directory))
        {
            var name = Path.GetFileName(folder);
            if (IsValidName(name))
            {
                names.Add(name);
            }
        }

        return [.. names];
    }

    /// <summary>Flushes pending writes, then frees the native indexes.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            try
            {
                foreach (var collection in _open.Values)
                {
                    collection.Flush(CancellationToken.None);
                }
            }
            finally
            {
                foreach (var collection in _open.Values)
                {
                    collection.Dispose();
                }

                _open.Clear();
                _disposed = true;
            }
        }

        return ValueTask.CompletedTask;
    }

    internal USearchCollection? Collection(string name) => TryOpen(name);

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 200 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new VectorIndexException($"'{name}' is not a valid collection name (letters, digits, '-' and '_').");
        }
    }

    private static void DeleteFolder(string folder, IDisposable writer)
    {
        using (writer)
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(folder))
            {
                if (!WriterLock.IsLockFile(Path.GetFileName(file)))
                {
                    File.Delete(file);
                }
            }

            if (!OperatingSystem.IsWindows())
            {
                // Unix deletes the open lock file too, so no other writer can start in the emptied folder meanwhile.
                System.IO.Directory.Delete(folder, recursive: true);
                return;
            }
        }

        System.IO.Directory.Delete(folder, recursive: true);
    }

    private string FolderOf(string name) => Path.Combine(Directory, name);

    private USearchCollection Require(string collection) =>
        TryOpen(collection) ?? throw new VectorIndexException($"Collection {collection} does not exist.");

    private USearchCollection? TryOpen(string name)
    {
        ValidateName(name);
        if (_open.TryGetValue(name, out var state))
        {
            state.RefreshIfStale();
            return state;
        }

        CollectionHealth? damaged = null;
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_open.TryGetValue(name, out state))
            {
                return state;
            }

            var folder = FolderOf(name);
            if (!System.IO.Directory.Exists(folder))
            {
                return null;
            }

            state = USearchCollection.Open(folder, name, _options);
            _open[name] = state;
            var health = state.Health();
            if (health.NeedsRebuild)
            {
                damaged = health;
            }
        }

        if (damaged is not null)
        {
            RebuildNeeded?.Invoke(this, new RebuildNeededEventArgs(damaged));
        }

        return state;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
