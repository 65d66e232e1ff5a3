namespace VlSearch.ModelHub;

/// <summary>
/// Downloads catalog models from a Hugging Face compatible hub and installs them through <see cref="ModelInstaller"/>.
/// Files land in a staging folder that survives failures, so the next pull resumes where the last one stopped.
/// </summary>
public sealed class HubPuller
{
    private readonly ModelHubOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ModelInstaller _installer;
    private readonly KnownModelCatalog _catalog;
    private readonly Core.IModelFolderLoader? _folderLoader;

    /// <param name="options">Hub endpoint, token and retry settings.</param>
    /// <param name="httpClientFactory">
    /// Source of the client named <see cref="ModelHubServiceCollectionExtensions.HttpClientName"/>; see
    /// <see cref="ModelHubServiceCollectionExtensions.AddModelHubHttpClient"/>.
    /// </param>
    /// <param name="installer">Where pulled models are installed.</param>
    /// <param name="catalog">The models that can be pulled.</param>
    /// <param name="folderLoader">
    /// Loads each downloaded folder before it is installed: checksums prove the files are the catalogue's, not that the
    /// catalogue listed every file the model needs (a tokenizer file left out downloads fine and fails every search).
    /// Without it, downloads are installed unchecked.
    /// </param>
    public HubPuller(ModelHubOptions options, IHttpClientFactory httpClientFactory, ModelInstaller installer, KnownModelCatalog catalog, Core.IModelFolderLoader? folderLoader = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(installer);
        ArgumentNullException.ThrowIfNull(catalog);
        _options = options;
        _httpClientFactory = httpClientFactory;
        _installer = installer;
        _catalog = catalog;
        _folderLoader = folderLoader;
    }

    /// <summary>
    /// Downloads a catalog model from the hub and installs it. Returns the existing manifest when it is already
    /// installed. Interrupted pulls resume where they stopped; a size or checksum mismatch deletes the bad file and
    /// fails with <see cref="ModelHubException"/>, leaving nothing installed.
    /// </summary>
    /// <param name="name">Catalog name, e.g. <c>clip-vit-b32</c>.</param>
    /// <param name="variant">ONNX variant: null or "" for full precision, "quantized", "fp16" where listed.</param>
    /// <param name="progress">Receives bytes done and totals for the current file and the whole model.</param>
    /// <param name="cancellationToken">Stops the download; partial files are kept for the next pull.</param>
    public async Task<ModelManifest> PullAsync(
        string name,
        string? variant,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var known = _catalog.Find(name) ?? throw new ModelHubException(
            $"'{name}' is not in the model catalog. Known models: {string.Join(", ", _catalog.Models.Select(m => m.Name))}. " +
            "A model folder on disk can be added with `vlsearch models import <dir>`.");
        name = known.Name;
        ModelNames.Validate(name);
        variant ??= "";
        var variants = known.Variants;
        if (variants.Count > 0 && !variants.Contains(variant, StringComparer.Ordinal))
        {
            throw new ModelHubException(
                $"'{name}' has no '{variant}' variant; available: {string.Join(", ", variants.Select(v => v.Length == 0 ? "(full precision)" : v))}.");
        }

        if (_installer.GetInstalled(name) is { } installed)
        {
            return installed;
        }

        var finalDirectory = _installer.InstalledDirectory(name);
        if (Directory.Exists(finalDirectory))
        {
            throw new ModelHubException(
                $"'{finalDirectory}' exists but has no {ModelManifest.FileName}; remove that folder or pick another model name.");
        }

        using var pullLock = _installer.AcquireLock(name);
        if (_installer.GetInstalled(name) is { } finishedMeanwhile)
        {
            return finishedMeanwhile;
        }

        var staging = _installer.StagingDirectory(name);
        Directory.CreateDirectory(staging);
        using var http = _httpClientFactory.CreateClient(ModelHubServiceCollectionExtensions.HttpClientName);
        var downloader = new HubDownloader(http, _options);
        var manifestFiles = await DownloadFilesAsync(downloader, known, variant, staging, progress, cancellationToken);

        // Leftovers of an earlier pull of another variant would otherwise be installed without being listed.
        var wanted = manifestFiles.Select(f => ModelNames.ToLocalPath(staging, f.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var stray in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Where(f => !wanted.Contains(f)).ToList())
        {
            File.Delete(stray);
        }

        VerifyLoads(name, variant, staging);
        var manifest = new ModelManifest
        {
            Name = name,
            Source = $"{_options.Endpoint.TrimEnd('/')}/{known.Repo}@{known.Revision}",
            Files = manifestFiles,
            Dimension = known.Dimension,
            HasText = known.HasText,
            Variant = variant,
            InstalledAt = DateTimeOffset.UtcNow,
        };
        _installer.Install(staging, manifest);
        return manifest;
    }

    /// <summary>Loads the downloaded folder once; one that does not load is deleted, so nothing half-usable is left.</summary>
    private void VerifyLoads(string name, string variant, string staging)
    {
        if (_folderLoader is null)
        {
            return;
        }

        try
        {
            using var model = _folderLoader.Load(staging, new Core.InferenceOptions { Threads = 1, BatchSize = 1, Variant = variant });
        }
        catch (Core.ModelLoadException ex)
        {
            Directory.Delete(staging, recursive: true);
            throw new ModelHubException($"'{name}' was downloaded but does not load: {ex.Message} Nothing was installed.", ex);
        }
    }

    private async Task<List<ModelManifestFile>> DownloadFilesAsync(
        HubDownloader downloader,
        KnownModel known,
        string variant,
        string staging,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var files = known.FilesFor(variant);
        var sizes = new long?[files.Count];
        var skip = new bool[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            sizes[i] = files[i].Size;
            if (sizes[i] is null)
            {
                var probed = await downloader.ProbeSizeAsync(downloader.FileUri(known.Repo, known.Revision, files[i].Path), cancellationToken);
                if (probed == -1)
                {
                    if (!files[i].Optional)
                    {
                        throw new ModelHubException(
                            $"'{files[i].Path}' of {known.Repo}@{known.Revision} was not found at {_options.Endpoint}; nothing was installed.");
                    }

                    skip[i] = true;
                }

                sizes[i] = probed is >= 0 ? probed : null;
            }
        }

        var total = Enumerable.Range(0, files.Count).Where(i => !skip[i]).All(i => sizes[i] is not null)
            ? Enumerable.Range(0, files.Count).Where(i => !skip[i]).Sum(i => sizes[i]!.Value)
            : (long?)null;
        var fileCount = skip.Count(s => !s);
        var done = 0L;
        var index = 0;
        var manifestFiles = new List<ModelManifestFile>();
        for (var i = 0; i < files.Count; i++)
        {
            if (skip[i])
            {
                continue;
            }

            var file = files[i];
            var fileIndex = index++;
            var before = done;
            var knownSize = sizes[i];
            var destination = ModelNames.ToLocalPath(staging, file.Path);
            var result = await downloader.DownloadAsync(
                downloader.FileUri(known.Repo, known.Revision, file.Path),
                file.Path,
                destination,
                file.Size,
                file.Sha256,
                file.Optional,
                (bytes, fileTotal) => progress?.Report(new DownloadProgress(known.Name, file.Path, fileIndex, fileCount, bytes, fileTotal ?? knownSize, before + bytes, total)),
                cancellationToken);
            if (result is null)
            {
                total -= knownSize ?? 0;
                continue;
            }

            done += result.Size;
            manifestFiles.Add(result);
        }

        return manifestFiles;
    }
}
