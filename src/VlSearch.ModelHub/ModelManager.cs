using Microsoft.Extensions.DependencyInjection;
using VlSearch.Core;

namespace VlSearch.ModelHub;

/// <summary>
/// One object for the model commands and endpoints: installs (<see cref="HubPuller"/>, <see cref="ModelFolderImporter"/>),
/// lists and removes (<see cref="InstalledModels"/>) models in <c>&lt;data&gt;/models/&lt;name&gt;/</c>, all through
/// one <see cref="ModelInstaller"/>.
/// </summary>
public sealed class ModelManager : IDisposable
{
    private readonly ServiceProvider? _ownedServices;

    /// <param name="options">Data folder, hub endpoint and retry settings.</param>
    /// <param name="folderLoader">Recognises, describes and loads model folders (imports are checked by loading them).</param>
    /// <param name="httpClientFactory">
    /// Gives the download client (see <see cref="ModelHubServiceCollectionExtensions.AddModelHubHttpClient"/>); when
    /// null the manager keeps a factory of its own for its lifetime.
    /// </param>
    /// <param name="builtInModels">Models compiled into the application, listed and protected from removal.</param>
    /// <param name="catalog">Known models; the embedded catalog when null.</param>
    public ModelManager(
        ModelHubOptions options,
        IModelFolderLoader folderLoader,
        IHttpClientFactory? httpClientFactory = null,
        IEnumerable<IBuiltInModel>? builtInModels = null,
        KnownModelCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folderLoader);
        if (httpClientFactory is null)
        {
            _ownedServices = new ServiceCollection().AddModelHubHttpClient().BuildServiceProvider();
            httpClientFactory = _ownedServices.GetRequiredService<IHttpClientFactory>();
        }

        var builtIns = builtInModels?.ToList() ?? [];
        Catalog = catalog ?? KnownModelCatalog.Default;
        Installer = new ModelInstaller(options);
        Puller = new HubPuller(options, httpClientFactory, Installer, Catalog, folderLoader);
        Importer = new ModelFolderImporter(Installer, folderLoader, builtIns);
        Installed = new InstalledModels(options, Installer, folderLoader, Catalog, builtIns);
    }

    public KnownModelCatalog Catalog { get; }

    /// <summary>The models folder and its atomic installs.</summary>
    public ModelInstaller Installer { get; }

    /// <summary>Downloads from the hub.</summary>
    public HubPuller Puller { get; }

    /// <summary>Imports of model folders from disk.</summary>
    public ModelFolderImporter Importer { get; }

    /// <summary>Listing and removal.</summary>
    public InstalledModels Installed { get; }

    /// <summary>The folder holding installed models.</summary>
    public string ModelsDirectory => Installer.ModelsDirectory;

    /// <inheritdoc cref="ModelInstaller.InstalledDirectory"/>
    public string InstalledDirectory(string name) => Installer.InstalledDirectory(name);

    /// <inheritdoc cref="ModelInstaller.GetInstalled"/>
    public ModelManifest? GetInstalled(string name) => Installer.GetInstalled(name);

    /// <inheritdoc cref="InstalledModels.List"/>
    public IReadOnlyList<ModelListEntry> List() => Installed.List();

    /// <inheritdoc cref="HubPuller.PullAsync"/>
    public Task<ModelManifest> PullAsync(string name, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Puller.PullAsync(name, variant: null, progress, cancellationToken);

    /// <inheritdoc cref="HubPuller.PullAsync"/>
    public Task<ModelManifest> PullAsync(string name, string? variant, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Puller.PullAsync(name, variant, progress, cancellationToken);

    /// <inheritdoc cref="ModelFolderImporter.ImportAsync"/>
    public Task<ModelManifest> ImportAsync(string sourceDirectory, string? name = null, CancellationToken cancellationToken = default) =>
        Importer.ImportAsync(sourceDirectory, name, cancellationToken);

    /// <inheritdoc cref="InstalledModels.Remove"/>
    public bool Remove(string name) => Installed.Remove(name);

    public void Dispose() => _ownedServices?.Dispose();
}
