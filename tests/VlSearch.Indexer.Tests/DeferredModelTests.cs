using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.ModelHub;
using VlSearch.Onnx;
using VlSearch.Testing;

namespace VlSearch.Indexer.Tests;

/// <summary>
/// A model loaded once leaves a card; later processes know its id and dimension from the card and create its sessions
/// only when a tower is used, so re-indexing an unchanged library never loads the encoder.
/// </summary>
public sealed class DeferredModelTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string modelFolder;
    private readonly VlSearchPaths paths;

    public DeferredModelTests()
    {
        modelFolder = temp.Sub("model");
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Combine("models", "vlsearch-tiny"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(modelFolder, Path.GetRelativePath(RepositoryPaths.Combine("models", "vlsearch-tiny"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        paths = new VlSearchPaths(temp.Sub("data"));
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_model_loaded_once_is_known_by_its_card_in_the_next_process_and_loads_only_when_a_tower_is_used()
    {
        var (first, firstLoads) = NewProcess();
        var loaded = first.Get(modelFolder);
        Assert.Equal(1, firstLoads.Count);

        var (second, secondLoads) = NewProcess();
        var deferred = second.GetDeferred(modelFolder);

        Assert.Equal(loaded.Id, deferred.Id);
        Assert.Equal(loaded.Dimension, deferred.Dimension);
        Assert.Equal(0, secondLoads.Count);

        var vectors = deferred.Text!.Encode(["a red square"]);
        Assert.Equal(1, secondLoads.Count);
        Assert.Equal(loaded.Text!.Encode(["a red square"])[0], vectors[0]);
    }

    [Fact]
    public void Without_a_card_or_after_the_model_files_changed_the_model_is_loaded_at_once()
    {
        var (fresh, freshLoads) = NewProcess();
        fresh.GetDeferred(modelFolder);
        Assert.Equal(1, freshLoads.Count);

        var config = Path.Combine(modelFolder, "config.json");
        File.SetLastWriteTimeUtc(config, File.GetLastWriteTimeUtc(config).AddMinutes(1));
        var (changed, changedLoads) = NewProcess();
        changed.GetDeferred(modelFolder);
        Assert.Equal(1, changedLoads.Count);

        var (unchanged, unchangedLoads) = NewProcess();
        unchanged.GetDeferred(modelFolder);
        Assert.Equal(0, unchangedLoads.Count);
    }

    /// <summary>A model cache and resolver as one process has them, over the same data folder.</summary>
    private (ModelCache Cache, LoadCounter Loads) NewProcess()
    {
        var inference = new InferenceOptions();
        var resolver = new ModelResolver(new ModelHubOptions { DataDirectory = paths.Root }, inference, new OnnxModelFolderLoader(_ => { }));
        var counter = new LoadCounter(resolver);
        return (new ModelCache(counter, paths, cards: new ModelCards(resolver, inference, paths)), counter);
    }

    private sealed class LoadCounter(IModelLoader inner) : IModelLoader
    {
        public int Count { get; private set; }

        public IEmbeddingModel Load(string nameOrDirectory)
        {
            Count++;
            return inner.Load(nameOrDirectory);
        }
    }
}
