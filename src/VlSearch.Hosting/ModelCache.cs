using System.Collections.Concurrent;
using VlSearch.Core;

namespace VlSearch.Hosting;

/// <summary>
/// The process's models, each loaded once on first use and seen through its installed personal adapter. A model that
/// failed to load is tried again on the next use, so installing it fixes the error without a restart. At most
/// <see cref="Capacity"/> models are kept; past that the one used longest ago is dropped (and loaded again when
/// asked for), so asking for many model names cannot hold every model's memory at once.
/// </summary>
public sealed class ModelCache(IModelLoader loader, VlSearchPaths paths, int capacity = ModelCache.DefaultCapacity, ModelCards? cards = null) : IModelCache
{
    /// <summary>Models kept by default: the active one, one being switched to, and a few that tools compare.</summary>
    public const int DefaultCapacity = 4;

    private readonly ConcurrentDictionary<string, Entry> loaded = new(StringComparer.Ordinal);
    private readonly Lock loading = new();
    private long clock;

    /// <summary>The most models kept loaded at once.</summary>
    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "A model cache keeps at least one model.");

    /// <summary>Models loaded now.</summary>
    public int Count => loaded.Count;

    public IEmbeddingModel Get(string nameOrDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrDirectory);
        if (loaded.TryGetValue(nameOrDirectory, out var entry))
        {
            entry.Touch(Interlocked.Increment(ref clock));
            return entry.Model;
        }

        // One load at a time: two requests for a large model must not build two ONNX sessions.
        lock (loading)
        {
            if (!loaded.TryGetValue(nameOrDirectory, out entry))
            {
                var model = loader.Load(nameOrDirectory);
                if (cards?.Fingerprint(nameOrDirectory) is { } fingerprint)
                {
                    cards.Remember(fingerprint, new ModelCard(model.Id, model.Dimension, model.Text is not null));
                }

                entry = new Entry(AdaptedEmbeddingModel.WithInstalledAdapter(model, paths.Root));
                while (loaded.Count >= Capacity)
                {
                    // Not disposed: a search that took it a moment ago may still be using it; it goes with its last user.
                    var oldest = loaded.MinBy(e => e.Value.LastUsed);
                    loaded.TryRemove(oldest.Key, out _);
                }

                loaded[nameOrDirectory] = entry;
            }

            entry.Touch(Interlocked.Increment(ref clock));
            return entry.Model;
        }
    }

    public IEmbeddingModel GetDeferred(string nameOrDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrDirectory);
        if (cards is null || loaded.ContainsKey(nameOrDirectory)
            || cards.Fingerprint(nameOrDirectory) is not { } fingerprint || cards.Find(fingerprint) is not { } card)
        {
            return Get(nameOrDirectory);
        }

        return AdaptedEmbeddingModel.WithInstalledAdapter(new DeferredEmbeddingModel(card, () => loader.Load(nameOrDirectory)), paths.Root);
    }

    private sealed class Entry(IEmbeddingModel model)
    {
        private long lastUsed;

        public IEmbeddingModel Model { get; } = model;

        public long LastUsed => Volatile.Read(ref lastUsed);

        public void Touch(long now) => Volatile.Write(ref lastUsed, now);
    }
}
