using VlSearch.Core;
using VlSearch.Hosting;

namespace VlSearch.Indexer.Tests;

/// <summary>The loaded-model cache keeps at most its capacity, dropping the model used longest ago.</summary>
public sealed class ModelCacheBoundTests
{
    [Fact]
    public void Asking_for_more_models_than_the_capacity_keeps_only_the_most_recently_used()
    {
        var loader = new CountingLoader();
        var cache = new ModelCache(loader, new VlSearchPaths(Path.Combine(Path.GetTempPath(), "vlsearch-no-adapters-" + Guid.NewGuid().ToString("N"))), capacity: 2);

        var a = cache.Get("a");
        cache.Get("b");
        Assert.Same(a, cache.Get("a"));
        cache.Get("c");

        Assert.Equal(2, cache.Count);
        Assert.Equal(3, loader.Loads);

        // "b" was used longest ago, so it went; "a" is still there.
        Assert.Same(a, cache.Get("a"));
        Assert.Equal(3, loader.Loads);
        cache.Get("b");
        Assert.Equal(4, loader.Loads);

        foreach (var name in Enumerable.Range(0, 50).Select(i => $"model-{i}"))
        {
            cache.Get(name);
            Assert.True(cache.Count <= 2);
        }
    }

    [Fact]
    public void The_default_capacity_is_small_and_a_capacity_below_one_is_refused()
    {
        var paths = new VlSearchPaths(Path.GetTempPath());
        Assert.Equal(ModelCache.DefaultCapacity, new ModelCache(new CountingLoader(), paths).Capacity);
        Assert.InRange(ModelCache.DefaultCapacity, 1, 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelCache(new CountingLoader(), paths, capacity: 0));
    }

    private sealed class CountingLoader : IModelLoader
    {
        public int Loads { get; private set; }

        public IEmbeddingModel Load(string nameOrDirectory)
        {
            Loads++;
            return new NamedModel(nameOrDirectory);
        }
    }

    private sealed class NamedModel(string id) : IEmbeddingModel
    {
        public string Id { get; } = id;

        public int Dimension => 4;

        public IImageEncoder Image => throw new NotSupportedException();

        public ITextEncoder? Text => null;

        public void Dispose()
        {
        }
    }
}
