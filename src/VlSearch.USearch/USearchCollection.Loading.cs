using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>Loading, reloading and the writer lock of a collection.</summary>
internal sealed partial class USearchCollection
{
    /// <summary>
    /// Enters the write lock holding the writer lock: a flush may release the writer lock between taking it and
    /// entering, so that is checked under the write lock, where releases happen.
    /// </summary>
    private void EnterWrite()
    {
        while (true)
        {
            AcquireWriter();
            _lock.EnterWriteLock();
            if (_writer is not null)
            {
                return;
            }

            _lock.ExitWriteLock();
        }
    }

    /// <summary>Takes the writer lock for a change that follows (drop), or throws naming the holder.</summary>
    public void AcquireWriter()
    {
        lock (_writerGate)
        {
            if (_writer is not null)
            {
                return;
            }

            var writer = WriterLock.Acquire(Folder, Name, WriterLock.WriterWait);
            try
            {
                _lock.EnterWriteLock();
                try
                {
                    // Another writer may have committed since this instance loaded; changing stale state would lose its vectors.
                    if (CommittedGeneration() is { } committed && committed != _generation)
                    {
                        Reload();
                    }

                    USearchCollectionFiles.DeleteTemporaryFiles(Folder);
                    if (_loadedCleanly && CommittedManifest() is { } manifest)
                    {
                        USearchCollectionFiles.DeleteFilesExcept(Folder, manifest);
                    }
                }
                finally
                {
                    _lock.ExitWriteLock();
                }
            }
            catch
            {
                writer.Dispose();
                throw;
            }

            _writer = writer;
        }
    }

    /// <summary>
    /// For an instance that is not writing: reloads when the manifest shows a newer committed generation (checked at
    /// most every <see cref="RefreshInterval"/>), so other processes' writes become visible.
    /// </summary>
    public void RefreshIfStale()
    {
        var now = Environment.TickCount64;
        if (now < Interlocked.Read(ref _nextRefreshCheck) || _writer is not null)
        {
            return;
        }

        Interlocked.Exchange(ref _nextRefreshCheck, now + (long)RefreshInterval.TotalMilliseconds);
        if (ManifestStamp() == _manifestStamp)
        {
            return;
        }

        lock (_writerGate)
        {
            if (_writer is not null)
            {
                return;
            }

            _lock.EnterWriteLock();
            try
            {
                var stamp = ManifestStamp();
                if (stamp != _manifestStamp)
                {
                    if (CommittedGeneration() != _generation)
                    {
                        Reload();
                    }
                    else
                    {
                        _manifestStamp = stamp;
                    }
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

    /// <summary>
    /// Removes what an interrupted save or older generations left, when no writer is at work (one might be saving
    /// the next generation right now: its files must stay).
    /// </summary>
    private void CleanUpIfNoWriter()
    {
        WriterLock writer;
        try
        {
            writer = WriterLock.Acquire(Folder, Name, TimeSpan.Zero);
        }
        catch (Exception e) when (e is VectorIndexException or IOException or UnauthorizedAccessException)
        {
            return;
        }

        using (writer)
        {
            USearchCollectionFiles.DeleteTemporaryFiles(Folder);
            if (_loadedCleanly && CommittedManifest() is { } manifest && manifest.Generation == _generation)
            {
                USearchCollectionFiles.DeleteFilesExcept(Folder, manifest);
            }
        }
    }

    /// <summary>
    /// Loads the committed state without deleting anything (a writer may be saving the next generation). When a load
    /// fails because a writer committed a newer generation meanwhile, it is retried with that one.
    /// </summary>
    private void Load()
    {
        for (var attempt = 1; ; attempt++)
        {
            _manifestStamp = ManifestStamp();
            CollectionManifest manifest;
            try
            {
                manifest = USearchCollectionFiles.ReadManifest(Folder);
            }
            catch (InvalidDataException e)
            {
                MarkDamaged(e.Message);
                return;
            }

            ModelId = manifest.ModelId;
            Dimension = manifest.Dimension;
            Metric = manifest.Metric;
            Quantization = manifest.Quantization;
            _generation = manifest.Generation;
            _deletedSinceBuild = manifest.DeletedSinceBuild;
            _rebuildReason = manifest.RebuildReason;
            try
            {
                (_native, _rescore, _payloads) = USearchCollectionFiles.Load(Folder, manifest, _options);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or VectorIndexException)
            {
                if (attempt < 5 && CommittedGeneration() is { } committed && committed != manifest.Generation)
                {
                    continue;
                }

                MarkDamaged(e.Message);
                return;
            }
        }
    }

    /// <summary>Drops the state in memory and loads the committed one; the caller holds the write lock.</summary>
    private void Reload()
    {
        _native?.Dispose();
        _native = null;
        _rescore?.Dispose();
        _rescore = null;
        _payloads = [];
        _exact.Invalidate();
        _loadedCleanly = true;
        _rebuildReason = null;
        _dirty = false;
        Load();
    }

    private CollectionManifest? CommittedManifest()
    {
        try
        {
            return USearchCollectionFiles.ReadManifest(Folder);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private long? CommittedGeneration() => CommittedManifest()?.Generation;

    private (DateTime Written, long Length) ManifestStamp()
    {
        var info = new FileInfo(Path.Combine(Folder, CollectionManifest.FileName));
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
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
}
