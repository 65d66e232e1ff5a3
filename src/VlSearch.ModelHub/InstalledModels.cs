using System.Text.Json;
using VlSearch.Core;

namespace VlSearch.ModelHub;

/// <summary>
/// What models this application can use (<c>vlsearch models list</c>) and removal of installed ones. Built-in and
/// bundled models are listed but cannot be removed.
/// </summary>
public sealed class InstalledModels
{
    private readonly ModelHubOptions _options;
    private readonly ModelInstaller _installer;
    private readonly IModelFolderLoader _folderLoader;
    private readonly KnownModelCatalog _catalog;
    private readonly IReadOnlyList<IBuiltInModel> _builtIns;

    /// <param name="options">Where bundled models are.</param>
    /// <param name="installer">The models folder.</param>
    /// <param name="folderLoader">Describes bundled folders, which have no manifest.</param>
    /// <param name="catalog">Models that can be pulled, listed even before they are installed.</param>
    /// <param name="builtInModels">Models compiled into the application.</param>
    public InstalledModels(
        ModelHubOptions options,
        ModelInstaller installer,
        IModelFolderLoader folderLoader,
        KnownModelCatalog catalog,
        IEnumerable<IBuiltInModel>? builtInModels = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(installer);
        ArgumentNullException.ThrowIfNull(folderLoader);
        ArgumentNullException.ThrowIfNull(catalog);
        _options = options;
        _installer = installer;
        _folderLoader = folderLoader;
        _catalog = catalog;
        _builtIns = builtInModels?.ToList() ?? [];
    }

    /// <summary>Installed, built-in, bundled and catalog models, one entry per name, sorted by name.</summary>
    public IReadOnlyList<ModelListEntry> List()
    {
        var entries = new Dictionary<string, ModelListEntry>(StringComparer.OrdinalIgnoreCase);

        void Merge(string name, Func<ModelListEntry, ModelListEntry> update) =>
            entries[name] = update(entries.TryGetValue(name, out var e) ? e : new ModelListEntry { Name = name });

        foreach (var known in _catalog.Models)
        {
            Merge(known.Name, e => e with
            {
                Known = true,
                Description = known.Description,
                Dimension = known.Dimension,
                HasText = known.HasText,
                Family = known.Family,
                ScoreKind = known.ScoreKind,
                Languages = known.Languages,
                Repo = known.Repo,
                Default = string.Equals(known.Name, _catalog.DefaultTextModel, StringComparison.OrdinalIgnoreCase),
            });
        }

        foreach (var directory in SafeSubdirectories(_options.BundledModelsDirectory))
        {
            var name = Path.GetFileName(directory);
            var summary = _folderLoader.Describe(directory);
            Merge(name, e => e with
            {
                Bundled = true,
                Available = true,
                Path = directory,
                Dimension = summary.Dimension > 0 ? summary.Dimension : e.Dimension,
                HasText = summary.HasText || e.HasText,
                ScoreKind = summary.ScoreKind ?? e.ScoreKind,
                Description = e.Description.Length > 0 ? e.Description : "shipped with the application",
            });
        }

        foreach (var directory in SafeSubdirectories(_installer.ModelsDirectory))
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
            catch (Exception ex) when (ex is IOException or JsonException or InvalidDataException)
            {
                continue;
            }

            // The folder's files say whether the scores are calibrated (a pulled SigLIP model carries no scale or bias).
            var scoreKind = _folderLoader.Describe(directory).ScoreKind;
            Merge(name, e => e with
            {
                ScoreKind = scoreKind ?? e.ScoreKind,
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

        var removed = _installer.Uninstall(name);
        if (!removed && Directory.Exists(Path.Combine(_options.BundledModelsDirectory, name)))
        {
            throw new ModelHubException($"'{name}' ships with the application and cannot be removed.");
        }

        return removed;
    }

    private static IEnumerable<string> SafeSubdirectories(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory) : [];
}
