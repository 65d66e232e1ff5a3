using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// The files of one collection folder: a save writes the data files of a new generation and then the manifest that
/// commits them; a load verifies every file against the manifest before anything is served from it.
/// </summary>
internal static class USearchCollectionFiles
{
    /// <summary>
    /// Writes the vectors, rescoring copies and payloads as generation <see cref="CollectionManifest.Generation"/> of
    /// <paramref name="header"/>, then the manifest naming them. The file fields of the header are replaced.
    /// </summary>
    public static CollectionManifest Save(
        string folder,
        CollectionManifest header,
        NativeIndex? native,
        RescoreStore? rescore,
        Dictionary<long, PhotoPayload> payloads,
        CancellationToken cancellationToken)
    {
        var generation = header.Generation;
        string? vectorsFile = null;
        long vectorsLength = 0;
        string? vectorsHash = null;
        if (native is not null && payloads.Count > 0)
        {
            vectorsFile = $"vectors.{generation}.usearch";
            var path = Path.Combine(folder, vectorsFile);
            native.Save(path + DurableFile.TempSuffix);
            DurableFile.Commit(path + DurableFile.TempSuffix, path);
            vectorsLength = new FileInfo(path).Length;
            vectorsHash = DurableFile.Hash(path);
        }

        string? rescoreFile = null;
        long rescoreLength = 0;
        string? rescoreHash = null;
        if (rescore is not null && payloads.Count > 0)
        {
            rescoreFile = $"rescore.{generation}.f16";
            var path = Path.Combine(folder, rescoreFile);
            DurableFile.Write(path, stream => rescore.Write(stream, payloads.Keys));
            rescoreLength = new FileInfo(path).Length;
            rescoreHash = DurableFile.Hash(path);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var payloadsFile = $"payloads.{generation}.bin";
        var payloadsPath = Path.Combine(folder, payloadsFile);
        DurableFile.Write(payloadsPath, stream => PayloadFile.Write(stream, payloads));

        var manifest = header with
        {
            Count = payloads.Count,
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
        manifest.Write(Path.Combine(folder, CollectionManifest.FileName));
        return manifest;
    }

    /// <summary>The committed manifest; <see cref="InvalidDataException"/> says why there is none.</summary>
    public static CollectionManifest ReadManifest(string folder)
    {
        var manifestPath = Path.Combine(folder, CollectionManifest.FileName);
        try
        {
            return CollectionManifest.Read(manifestPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            throw new InvalidDataException(File.Exists(manifestPath) ? $"manifest unreadable: {e.Message}" : "manifest missing", e);
        }
    }

    /// <summary>
    /// Loads and cross-checks the files the manifest commits; deletes nothing (a writer in another process may be
    /// saving the next generation beside them). On failure nothing stays open and the exception says what is damaged.
    /// </summary>
    public static (NativeIndex? Native, RescoreStore? Rescore, Dictionary<long, PhotoPayload> Payloads) Load(
        string folder, CollectionManifest manifest, USearchOptions options)
    {
        NativeIndex? native = null;
        RescoreStore? rescore = null;
        try
        {
            var payloadsPath = Path.Combine(folder, manifest.PayloadsFile);
            CheckFile(payloadsPath, manifest.PayloadsLength, manifest.PayloadsSha256);
            Dictionary<long, PhotoPayload> payloads;
            using (var stream = File.OpenRead(payloadsPath))
            {
                payloads = PayloadFile.Read(stream);
            }

            if (manifest.VectorsFile is not null)
            {
                var vectorsPath = Path.Combine(folder, manifest.VectorsFile);
                CheckFile(vectorsPath, manifest.VectorsLength, manifest.VectorsSha256);
                native = NativeIndex.Load(vectorsPath, options);
                if (native.Dimension != manifest.Dimension)
                {
                    throw new InvalidDataException($"index has {native.Dimension} dimensions, manifest says {manifest.Dimension}");
                }

                var loaded = native;
                if (loaded.Size != payloads.Count || payloads.Keys.Any(id => !loaded.Contains((ulong)id)))
                {
                    throw new InvalidDataException($"index holds {loaded.Size} vectors but the sidecar {payloads.Count} payloads");
                }
            }
            else if (payloads.Count > 0)
            {
                throw new InvalidDataException("payloads without a vector file");
            }

            if (manifest.RescoreFile is not null)
            {
                var rescorePath = Path.Combine(folder, manifest.RescoreFile);
                CheckFile(rescorePath, manifest.RescoreLength, manifest.RescoreSha256);
                var copies = rescore = RescoreStore.Open(rescorePath, manifest.Dimension);
                if (payloads.Keys.Any(id => !copies.Contains(id)))
                {
                    throw new InvalidDataException("the rescoring file misses vectors of the index");
                }
            }

            if (payloads.Count != manifest.Count)
            {
                throw new InvalidDataException($"manifest counts {manifest.Count} vectors, files hold {payloads.Count}");
            }

            return (native, rescore, payloads);
        }
        catch
        {
            native?.Dispose();
            rescore?.Dispose();
            throw;
        }
    }

    /// <summary>Removes what an interrupted save left behind.</summary>
    public static void DeleteTemporaryFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + DurableFile.TempSuffix))
        {
            TryDelete(file);
        }
    }

    /// <summary>
    /// Removes every file the manifest does not reference (older generations, leftovers) except the writer lock's;
    /// only the holder of the writer lock calls this.
    /// </summary>
    public static void DeleteFilesExcept(string folder, CollectionManifest manifest)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (name != CollectionManifest.FileName && name != manifest.VectorsFile && name != manifest.PayloadsFile &&
                name != manifest.RescoreFile && !WriterLock.IsLockFile(name))
            {
                TryDelete(file);
            }
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
}
