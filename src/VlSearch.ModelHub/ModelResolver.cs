using VlSearch.Core;

namespace VlSearch.ModelHub;

/// <summary>
/// Resolves what users type after <c>--model</c> into a loaded model, in this order: an existing directory path, a
/// built-in model, a model bundled beside the executable (<c>models/&lt;name&gt;</c>), an installed model
/// (<c>&lt;data&gt;/models/&lt;name&gt;</c>). Each model is loaded once and shared: keep one resolver per process
/// and do not dispose the models it returns (disposing the resolver disposes them).
/// </summary>
public sealed class ModelResolver : IModelLoader, IDisposable
{
    private readonly ModelHubOptions _hubOptions;
    private readonly InferenceOptions _inferenceOptions;
    private readonly IReadOnlyList<IBuiltInModel> _builtIns;
    private readonly IModelFolderLoader _folderLoader;
    private readonly KnownModelCatalog _catalog;
    private readonly Dictionary<string, IEmbeddingModel> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="hubOptions">Data folder and bundled-model folder.</param>
    /// <param name="inferenceOptions">Device, threads and ONNX variant every model is loaded with.</param>
    /// <param name="folderLoader">Loads model folders (given paths, bundled and installed models).</param>
    /// <param name="builtInModels">Models compiled into the application (e.g. resnet18-imagenet).</param>
    /// <param name="catalog">Used for the hint when a name is unknown; the embedded catalog when null.</param>
    public ModelResolver(
        ModelHubOptions hubOptions,
        InferenceOptions inferenceOptions,
        IModelFolderLoader folderLoader,
        IEnumerable<IBuiltInModel>? builtInModels = null,
        KnownModelCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(hubOptions);
        ArgumentNullException.ThrowIfNull(inferenceOptions);
        ArgumentNullException.ThrowIfNull(folderLoader);
        _hubOptions = hubOptions;
        _inferenceOptions = inferenceOptions;
        _builtIns = builtInModels?.ToList() ?? [];
        _folderLoader = folderLoader;
        _catalog = catalog ?? KnownModelCatalog.Default;
    }

    /// <summary>Where <paramref name="nameOrDirectory"/> would load from, without loading it.</summary>
    public ModelLocation Locate(string nameOrDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrDirectory);
        var name = nameOrDirectory.Trim();
        if (Directory.Exists(name))
        {
            return new ModelLocation(ModelLocationKind.Directory, Path.GetFullPath(name), null);
        }

        if (LooksLikePath(name))
        {
            throw new ModelLoadException($"The model folder '{name}' does not exist.");
        }

        var builtIn = _builtIns.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null)
        {
            return new ModelLocation(ModelLocationKind.BuiltIn, null, builtIn);
        }

        var bundled = Path.Combine(_hubOptions.BundledModelsDirectory, name);
        if (Directory.Exists(bundled))
        {
            return new ModelLocation(ModelLocationKind.Bundled, bundled, null);
        }

        var installed = Path.Combine(_hubOptions.ModelsDirectory, name);
        if (File.Exists(Path.Combine(installed, ModelManifest.FileName)))
        {
            return new ModelLocation(ModelLocationKind.Installed, installed, null);
        }

        throw new ModelLoadException(UnknownModelMessage(name));
    }

    public IEmbeddingModel Load(string nameOrDirectory)
    {
        var location = Locate(nameOrDirectory);
        var key = location.BuiltIn is { } b ? $"builtin:{b.Name.ToLowerInvariant()}" : location.Directory!;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loaded.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var model = location.BuiltIn is { } builtIn
                ? builtIn.Load(_inferenceOptions)
                : LoadDirectory(location.Directory!);
            _loaded[key] = model;
            return model;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var model in _loaded.Values)
            {
                model.Dispose();
            }

            _loaded.Clear();
        }
    }

    private IEmbeddingModel LoadDirectory(string directory)
    {
        var options = _inferenceOptions;
        var manifestPath = Path.Combine(directory, ModelManifest.FileName);
        if (File.Exists(manifestPath))
        {
            // A pull installs one ONNX variant; load that one even when another is configured.
            var manifest = ModelManifest.Read(manifestPath);
            if (manifest.Variant is { } variant && !string.Equals(variant, options.Variant, StringComparison.Ordinal))
            {
                options = new InferenceOptions
                {
                    Device = options.Device,
                    Threads = options.Threads,
                    ImageThreads = options.ImageThreads,
                    AllowSpinning = options.AllowSpinning,
                    BatchSize = options.BatchSize,
                    Variant = variant,
                };
            }
        }

        try
        {
            return _folderLoader.Load(directory, options);
        }
        catch (ModelLoadException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ModelLoadException($"The model in '{directory}' could not be loaded: {ex.Message}", ex);
        }
    }

    private string UnknownModelMessage(string name)
    {
        if (_catalog.Find(name) is { } known)
        {
            return $"The model '{known.Name}' is not installed. Download it with `vlsearch models pull {known.Name}`.";
        }

        var available = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        available.UnionWith(_builtIns.Select(b => b.Name));
        foreach (var root in new[] { _hubOptions.BundledModelsDirectory, _hubOptions.ModelsDirectory })
        {
            if (Directory.Exists(root))
            {
                available.UnionWith(Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')));
            }
        }

        return $"Unknown model '{name}'. Available: {(available.Count > 0 ? string.Join(", ", available) : "none")}. " +
               $"Downloadable: {string.Join(", ", _catalog.Models.Select(m => m.Name))} (`vlsearch models pull <name>`).";
    }

    private static bool LooksLikePath(string value) =>
        value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) ||
        value.StartsWith('.') || value.StartsWith('~') || Path.IsPathRooted(value);
}
