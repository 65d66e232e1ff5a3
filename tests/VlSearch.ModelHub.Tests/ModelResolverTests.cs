using VlSearch.Core;
using VlSearch.Onnx.ResNet18;

namespace VlSearch.ModelHub.Tests;

public sealed class ModelResolverTests
{
    [Fact]
    public async Task An_installed_model_is_loaded_once_and_shared()
    {
        using var bed = new HubTestBed();
        await bed.Manager.PullAsync(HubTestBed.Name);
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);

        var first = resolver.Load(HubTestBed.Name);
        var second = resolver.Load(HubTestBed.Name);

        Assert.Same(first, second);
        Assert.Equal(ModelLocationKind.Installed, resolver.Locate(HubTestBed.Name).Kind);
    }

    [Fact]
    public async Task An_installed_variant_overrides_only_the_variant_of_the_configured_options()
    {
        using var bed = new HubTestBed(quantizedToo: true);
        await bed.Manager.PullAsync(HubTestBed.Name, "quantized");
        var loader = new RecordingLoader(bed.FolderLoader);
        var configured = new InferenceOptions { Threads = 3, ImageThreads = 2, AllowSpinning = true, BatchSize = 5 };
        using var resolver = new ModelResolver(bed.Options, configured, loader, catalog: bed.Catalog);

        resolver.Load(HubTestBed.Name);

        var used = Assert.Single(loader.Options);
        Assert.Equal("quantized", used.Variant);
        Assert.Equal((3, 2, true, 5), (used.Threads, used.ImageThreads, used.AllowSpinning, used.BatchSize));
    }

    [Fact]
    public void A_directory_path_loads_directly_without_being_installed()
    {
        using var bed = new HubTestBed();
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);

        var model = resolver.Load(bed.SourceDirectory);

        Assert.Equal(TinyModel.Dimension, model.Dimension);
        Assert.Equal(ModelLocationKind.Directory, resolver.Locate(bed.SourceDirectory).Kind);
        Assert.DoesNotContain(bed.Manager.List(), e => e.Installed);
    }

    [Fact]
    public void A_bundled_model_resolves_from_the_application_models_folder()
    {
        using var bed = new HubTestBed();
        TinyModel.Write(Path.Combine(bed.Options.BundledModelsDirectory, "vlsearch-tiny"), "vlsearch-tiny", seed: 11);
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);

        var model = resolver.Load("vlsearch-tiny");

        Assert.Equal(ModelLocationKind.Bundled, resolver.Locate("vlsearch-tiny").Kind);
        Assert.NotNull(model.Text);
    }

    [Fact]
    public void A_known_model_that_is_not_installed_points_to_the_pull_command()
    {
        using var bed = new HubTestBed();
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);

        var error = Assert.Throws<ModelLoadException>(() => resolver.Load(HubTestBed.Name));

        Assert.Contains($"vlsearch models pull {HubTestBed.Name}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_name_lists_what_is_available_and_what_can_be_pulled()
    {
        using var bed = new HubTestBed();
        await bed.Manager.ImportAsync(bed.SourceDirectory, "my-model");
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, [new ResNet18BuiltInModel()], catalog: bed.Catalog);

        var error = Assert.Throws<ModelLoadException>(() => resolver.Load("no-such-model"));

        Assert.Contains("my-model", error.Message, StringComparison.Ordinal);
        Assert.Contains(ResNet18Model.ModelName, error.Message, StringComparison.Ordinal);
        Assert.Contains(HubTestBed.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("vlsearch models pull", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_path_is_reported_as_such()
    {
        using var bed = new HubTestBed();
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions(), bed.FolderLoader, catalog: bed.Catalog);

        var error = Assert.Throws<ModelLoadException>(() => resolver.Load(Path.Combine(bed.Root, "nowhere")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_resnet_resolves_by_name_as_a_visual_only_model()
    {
        using var bed = new HubTestBed();
        using var resolver = new ModelResolver(bed.Options, new InferenceOptions { Threads = 1 }, bed.FolderLoader, [new ResNet18BuiltInModel()], catalog: bed.Catalog);

        var model = resolver.Load("resnet18-imagenet");

        Assert.Same(model, resolver.Load("ResNet18-ImageNet"));
        Assert.IsType<ResNet18Model>(model);
        Assert.Null(model.Text);
        Assert.Equal(ResNet18Model.VectorLength, model.Dimension);
        Assert.Equal("resnet18-imagenet", model.Id);
    }

    private sealed class RecordingLoader(IModelFolderLoader inner) : IModelFolderLoader
    {
        public List<InferenceOptions> Options { get; } = [];

        public bool CanLoad(string directory) => inner.CanLoad(directory);

        public ModelFolderSummary Describe(string directory) => inner.Describe(directory);

        public IEmbeddingModel Load(string directory, InferenceOptions options)
        {
            Options.Add(options);
            return inner.Load(directory, options);
        }
    }
}
