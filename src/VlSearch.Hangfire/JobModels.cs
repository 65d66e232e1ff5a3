using System.Collections.Concurrent;
using VlSearch.Core;
using VlSearch.Hosting;

namespace VlSearch.Hangfire;

/// <summary>Models loaded once per process for all jobs (loading an ONNX session is costly; encoding is thread-safe).</summary>
public sealed class JobModels(IModelLoader loader, VlSearchPaths paths)
{
    private readonly ConcurrentDictionary<string, Lazy<IEmbeddingModel>> models = new(StringComparer.Ordinal);

    /// <summary>The model by name or folder, seen through its personal adapter when one is installed.</summary>
    public IEmbeddingModel Get(string name) =>
        models.GetOrAdd(name, n => new Lazy<IEmbeddingModel>(() => AdaptedEmbeddingModel.WithInstalledAdapter(loader.Load(n), paths.Root))).Value;
}
