using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.Hosting;

namespace VlSearch.Web.Services;

/// <summary>
/// The configured active model, loaded once on first use and shared by every request (loading an ONNX model takes
/// far longer than a search).
/// </summary>
public sealed class ActiveModel(IModelLoader loader, IOptions<ModelSelectionOptions> selection, VlSearchPaths paths)
{
    private readonly Lazy<IEmbeddingModel> model = new(
        () => AdaptedEmbeddingModel.WithInstalledAdapter(loader.Load(selection.Value.Active), paths.Root),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Name of the configured model, as written in the settings.</summary>
    public string Name => selection.Value.Active;

    /// <summary>The loaded model; throws <see cref="ModelLoadException"/> when it cannot be loaded.</summary>
    public IEmbeddingModel Get() => model.Value;
}
