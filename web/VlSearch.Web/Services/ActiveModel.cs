using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.Hosting;

namespace VlSearch.Web.Services;

/// <summary>
/// The model searches and new indexing jobs use: the configured one until an admin switches to another. Models come
/// from the process's <see cref="IModelCache"/>, shared with the jobs this process runs.
/// </summary>
public sealed class ActiveModel(IModelCache models, IOptions<ModelSelectionOptions> selection, VlSearchPaths paths)
{
    private string? chosen;

    /// <summary>Name of the active model, as configured or as chosen since.</summary>
    public string Name => Volatile.Read(ref chosen) ?? selection.Value.Active;

    /// <summary>The loaded model; throws <see cref="ModelLoadException"/> when it cannot be loaded.</summary>
    public IEmbeddingModel Get() => Load(Name);

    /// <summary>
    /// Makes <paramref name="name"/> (a model name or folder) the active model and records it in the data folder's
    /// settings. Vectors of the previous model stay in their own collection.
    /// </summary>
    /// <exception cref="ModelLoadException">The model cannot be loaded.</exception>
    /// <exception cref="ArgumentException">The model has no text encoder, so it cannot serve text searches.</exception>
    public IEmbeddingModel Switch(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        name = name.Trim();
        var model = Load(name);
        ActiveModelChoice.Save(model, name, paths.Root);
        Volatile.Write(ref chosen, name);
        return model;
    }

    private IEmbeddingModel Load(string name) => models.Get(name);
}
