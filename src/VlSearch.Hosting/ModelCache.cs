using System.Collections.Concurrent;
using VlSearch.Core;

namespace VlSearch.Hosting;

/// <summary>
/// The process's models, each loaded once on first use and seen through its installed personal adapter. A model that
/// failed to load is tried again on the next use, so installing it fixes the error without a restart.
/// </summary>
public sealed class ModelCache(IModelLoader loader, VlSearchPaths paths) : IModelCache
{
    private readonly ConcurrentDictionary<string, IEmbeddingModel> loaded = new(StringComparer.Ordinal);
    private readonly Lock loading = new();

    public IEmbeddingModel Get(string nameOrDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrDirectory);
        if (loaded.TryGetValue(nameOrDirectory, out var model))
        {
            return model;
        }

        // One load at a time: two requests for a large model must not build two ONNX sessions.
        lock (loading)
        {
            if (!loaded.TryGetValue(nameOrDirectory, out model))
            {
                model = AdaptedEmbeddingModel.WithInstalledAdapter(loader.Load(nameOrDirectory), paths.Root);
                loaded[nameOrDirectory] = model;
            }

            return model;
        }
    }
}
