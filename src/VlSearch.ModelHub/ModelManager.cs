using VlSearch.Core;

namespace VlSearch.ModelHub;

/// <summary>
/// Installs, lists and removes models in <c>&lt;data&gt;/models/&lt;name&gt;/</c>. A model folder becomes visible only
/// once complete: files are downloaded or copied into <c>models/.tmp/&lt;name&gt;/</c>, the manifest is written, and
/// the folder is moved into place in one step.
/// </summary>
public sealed class ModelManager : IDisposable
{
    private const string TempFolderName = ".tmp";

    private readonly ModelHubOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly HubDownloader _downloader;
    private readonly IReadOnlyList<IBuiltInModel> _builtIns;
    private readonly Func<string, InferenceOptions, IEmbeddingModel> _directoryLoader;

    /// <param name="options">Data folder, hub endpoint and retry settings.</param>
    /// <param name="httpClient">Client for downloads; one with no overall timeout is created when null.</param>
    /// <param name="builtInModels">Models compiled into the application, listed and protected from removal.</param>
    /// <param name="catalog">Known models; the embedded catalog when null.</param>
    /// <param name="directoryLoader">Loads a model folder to validate imports; ONNX Runtime when null.</param>
    public ModelManager(
        ModelHubOptions options,
        HttpClient? httpClient = null,
        IEnumerable<IBuiltInModel>? builtInModels = null,
        KnownModelCatalog? catalog = null,
        Func<string, InferenceOptions, IEmbeddingModel>? directoryLoader = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? CreateHttpClient();
        _downloader = new HubDownloader(_http, options);
        _builtIns = builtInModels?.ToList() ?? [];
        Catalog = catalog ?? KnownModelCatalog.Default;
        _directoryLoader = directoryLoader ?? DirectoryModelLoader.Load;
    }

    public KnownModelCatalog Catalog { get; }

    /// <summary>The folder holding installed models.</summary>
    public string ModelsDirectory => _options.ModelsDirectory;

    private string TempRoot => Path.Combine(ModelsDirectory, TempFolderName);

    /// <summary>The folder a model named <paramref name="name"/> is (or would be) installed in.</summary>
    public string InstalledDirectory(string name)
    {
        ModelNames.Validate(name);
        return Path.Combine(ModelsDirectory, name);
    }

    /// <summary>The manifest of an installed model, or null when it is not installed.</summary>
    public ModelManifest? GetInstalled(string name)
    {
        if (!IsPlausibleName(name))
        {
            return null;
        }

        var manifest = Path.Combine(ModelsDirectory, name, ModelManifest.FileName);
        return File.Exists(manifest) ? ModelManifest.Read(manifest) : null;
    }

    /// <summary>Installed, built-in, bundled and catalog models, one entry per name, sorted by name.</summary>
    public IReadOnlyList<ModelListEntry> List()
    {
        var entries = new Dictionary<string, ModelListEntry>(StringComparer.OrdinalIgnoreCase);

        void Merge(string name, Func<ModelListEntry, ModelListEntry> update) =>
            entries[name] = update(entries.TryGetValue(name, out var e) ? e : new ModelListEntry { Name = name });

        foreach (var known in Catalog.Models)
        {
            Merge(known.Name, e => e with
            {
                Known = true,
                Description = known.Description,
                Dimension = known.Dimension,
                HasText = known.HasText,
                Repo = known.Repo,
                Default = string.Equals(known.Name, Catalog.DefaultTextModel, StringComparison.OrdinalIgnoreCase),
            });
        }

        foreach (var directory in SafeSubdirectories(_options.BundledModelsDirectory))
        {
            var name = Path.GetFileName(directory);
            var (dimension, hasText) = DescribeFolder(directory);
            Merge(name, e => e with
            {
                Bundled = true,
                Available = true,
                Path = directory,
                Dimension = dimension > 0 ? dimension : e.Dimension,
                HasText = hasText || e.HasText,
                Description = e.Description.Length > 0 ? e.Description : "shipped with the application",
            });
        }

        foreach (var directory in SafeSubdirectories(ModelsDirectory))
        {
            var name = Path.GetFileName(directory);
            var manifestPath = Path.Combine(directory, ModelManifest.FileName);
            if (name.StartsWith('.') || !File.Exists(manifestPath))
            {
                continue;
            }

            ModelManifest manifest;
            try
            {
                manifest = ModelManifest.Read(manifestPath);
            }
            catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidDataException)
            {
                continue;
            }

            Merge(name, e => e with
            {
                Installed = true,
                Available = true,
                Path = directory,
                SizeBytes = manifest.SizeBytes,
                Dimension = manifest.Dimension > 0 ? manifest.Dimension : e.Dimension,
                HasText = manifest.HasText,
                Description = e.Description.Length > 0 ? e.Description : manifest.Source,
            });
        }

        foreach (var builtIn in _builtIns)
        {
            Merge(builtIn.Name, e => e with
            {
                BuiltIn = true,
                Available = e.Available || builtIn.IsAvailable,
                Description = builtIn.Description,
                Dimension = builtIn.Dimension,
                HasText = builtIn.HasText,
            });
        }

        return entries.Values.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <inheritdoc cref="PullAsync(string, string?, IProgress{DownloadProgress}?, CancellationToken)"/>
    public Task<ModelManifest> PullAsync(string name, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        PullAsync(name, variant: null, progress, cancellationToken);

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
        var known = Catalog.Find(name) ?? throw new ModelHubException(
            $"'{name}' is not in the model catalog. Known models: {string.Join(", ", Catalog.Models.Select(m => m.Name))}. " +
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

        var installed = GetInstalled(name);
        if (installed is not null)
        {
            return installed;
        }

        var finalDirectory = InstalledDirectory(name);
        if (Directory.Exists(finalDirectory))
        {
            throw new ModelHubException(
                $"'{finalDirectory}' exists but has no {ModelManifest.FileName}; remove that folder or pick another model name.");
        }

        Directory.CreateDirectory(TempRoot);
        using var pullLock = AcquireLock(name);
        if (GetInstalled(name) is { } finishedMeanwhile)
        {
            return finishedMeanwhile;
        }

        var staging = Path.Combine(TempRoot, name);
        Directory.CreateDirectory(staging);

        var files = known.FilesFor(variant);
        var sizes = new long?[files.Count];
        var skip = new bool[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            sizes[i] = files[i].Size;
            if (sizes[i] is null)
            {
                var probed = await _downloader.ProbeSizeAsync(_downloader.FileUri(known.Repo, known.Revision, files[i].Path), cancellationToken);
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
            var result = await _downloader.DownloadAsync(
                _downloader.FileUri(known.Repo, known.Revision, file.Path),
                file.Path,
                destination,
                file.Size,
                file.Sha256,
                file.Optional,
                (bytes, fileTotal) => progress?.Report(new DownloadProgress(name, file.Path, fileIndex, fileCount, bytes, fileTotal ?? knownSize, before + bytes, total)),
                cancellationToken);
            if (result is null)
            {
                total -= knownSize ?? 0;
                continue;
            }

            done += result.Size;
            manifestFiles.Add(result);
        }

        // Leftovers of an earlier pull of another variant would otherwise be installed without being listed.
        var wanted = manifestFiles.Select(f => ModelNames.ToLocalPath(staging, f.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var stray in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Where(f => !wanted.Contains(f)).ToList())
        {
            File.Delete(stray);
        }

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
        Install(staging, manifest, finalDirectory);
        return manifest;
    }

    /// <summary>
    /// Copies a model folder (Hugging Face or OpenCLIP layout) into the data folder after checking that it loads.
    /// </summary>
    /// <param name="sourceDirectory">The folder to import.</param>
    /// <param name="name">Installed name; the folder's name when null.</param>
    /// <param name="cancellationToken">Stops the copy; nothing is installed then.</param>
    public async Task<ModelManifest> ImportAsync(string sourceDirectory, string? name = null, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(sourceDirectory);
        if (!Directory.Exists(source))
        {
            throw new ModelHubException($"'{sourceDirectory}' is not a folder.");
        }

        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
        ModelNames.Validate(name);
        if (_builtIns.Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ModelHubException($"'{name}' is the name of a built-in model; pick another with --name.");
        }

        var finalDirectory = InstalledDirectory(name);
        if (Directory.Exists(finalDirectory))
        {
            throw new ModelHubException($"A model named '{name}' is already installed; remove it first or pick another name.");
        }

        int dimension;
        bool hasText;
        try
        {
            using var model = _directoryLoader(source, new InferenceOptions { Threads = 1, BatchSize = 1 });
            dimension = model.Dimension;
            hasText = model.Text is not null;
        }
        catch (ModelLoadException ex)
        {
            throw new ModelHubException($"'{source}' is not a loadable model: {ex.Message}", ex);
        }

        Directory.CreateDirectory(TempRoot);
        using var importLock = AcquireLock(name);
        var staging = Path.Combine(TempRoot, $"{name}.import-{Guid.NewGuid():N}");
        try
        {
            var files = new List<ModelManifestFile>();
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(source, file).Replace(Path.DirectorySeparatorChar, '/');
                if (relative == ModelManifest.FileName)
                {
                    continue;
                }

                var target = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                files.Add(await CopyWithDigestAsync(file, target, relative, cancellationToken));
            }

            var manifest = new ModelManifest
            {
                Name = name,
                Source = $"import:{source}",
                Files = files,
                Dimension = dimension,
                HasText = hasText,
                InstalledAt = DateTimeOffset.UtcNow,
            };
            Install(staging, manifest, finalDirectory);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>
    /// Deletes an installed model and any partial download of it. Returns false when there was nothing to remove;
    /// built-in and bundled models cannot be removed.
    /// </summary>
    public bool Remove(string name)
    {
        if (_builtIns.Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ModelHubException($"'{name}' is built into the application and cannot be removed.");
        }

        var directory = InstalledDirectory(name);
        var staging = Path.Combine(TempRoot, name);
        var removed = false;
        if (Directory.Exists(directory))
        {
            // Moved aside first so that a half-deleted folder is never taken for an installed model.
            Directory.CreateDirectory(TempRoot);
            var trash = Path.Combine(TempRoot, $"{name}.removed-{Guid.NewGuid():N}");
            Directory.Move(directory, trash);
            Directory.Delete(trash, recursive: true);
            removed = true;
        }

        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
            removed = true;
        }

        if (!removed && Directory.Exists(Path.Combine(_options.BundledModelsDirectory, name)))
        {
            throw new ModelHubException($"'{name}' ships with the application and cannot be removed.");
        }

        return removed;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static void Install(string staging, ModelManifest manifest, string finalDirectory)
    {
        manifest.Write(Path.Combine(staging, ModelManifest.FileName));
        try
        {
            Directory.Move(staging, finalDirectory);
        }
        catch (IOException ex)
        {
            throw new ModelHubException($"Could not move the model into '{finalDirectory}': {ex.Message}", ex);
        }
    }

    private static async Task<ModelManifestFile> CopyWithDigestAsync(string source, string target, string relative, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            size += read;
        }

        return new ModelManifestFile(relative, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private FileStream AcquireLock(string name)
    {
        var path = Path.Combine(TempRoot, $"{name}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new ModelHubException($"Another pull or import of '{name}' is running.", ex);
        }
    }

    private static bool IsPlausibleName(string name)
    {
        try
        {
            ModelNames.Validate(name);
            return true;
        }
        catch (ModelHubException)
        {
            return false;
        }
    }

    private static IEnumerable<string> SafeSubdirectories(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory) : [];

    private static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
        };
        // Model files run to hundreds of megabytes: stalls are caught per read instead of by an overall timeout.
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("vlsearch/1.0");
        return client;
    }

    /// <summary>
    /// What a model folder's files say without loading it (listing must stay fast): the embedding width from
    /// <c>config.json</c> and whether a text tower is there.
    /// </summary>
    private static (int Dimension, bool HasText) DescribeFolder(string directory)
    {
        var dimension = 0;
        try
        {
            var config = Path.Combine(directory, "config.json");
            if (File.Exists(config) && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config)) is System.Text.Json.Nodes.JsonObject json)
            {
                var width = json["projection_dim"] ?? json["embed_dim"];
                dimension = width is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<int>(out var d) ? d : 0;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // An unreadable config leaves the width unknown; loading the model reports the real problem.
        }

        var hasText = File.Exists(Path.Combine(directory, "textual", "model.onnx"))
            || File.Exists(Path.Combine(directory, "model.onnx"))
            || (Directory.Exists(Path.Combine(directory, "onnx")) && Directory.EnumerateFiles(Path.Combine(directory, "onnx"), "text_model*.onnx").Any());
        return (dimension, hasText);
    }
}
