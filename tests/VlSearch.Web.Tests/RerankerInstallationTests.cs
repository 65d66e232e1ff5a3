using VlSearch.Core;
using VlSearch.Core.Matching;
using VlSearch.Hosting;
using VlSearch.Imaging;
using VlSearch.ModelHub;
using VlSearch.Testing;

namespace VlSearch.Web.Tests;

/// <summary>Which reranker a host installs from the <c>Rerank</c> options, and the state the admin page shows.</summary>
public sealed class RerankerInstallationTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private ModelHubOptions Hub() => new() { DataDirectory = temp.Sub("data"), BundledModelsDirectory = temp.Sub("bundled") };

    private RerankerInstallation Create(RerankOptions options, Func<string, InferenceOptions, IImageTextMatcher>? loader = null) =>
        RerankerInstallation.Create(options, Hub(), new InferenceOptions(), null, new PhotoDecoder(), new ImagePreprocessor(), loader);

    [Fact]
    public async Task Without_a_configured_or_shipped_model_no_reranker_is_installed()
    {
        var installation = Create(new RerankOptions());

        Assert.False(installation.IsInstalled);
        Assert.Null(installation.Stage);
        var state = await installation.StateAsync();
        Assert.False(state.Installed);
        Assert.Contains(RerankOptions.ShippedModel, state.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_model_is_installed_when_present_and_loaded_once_on_first_use()
    {
        var folder = Directory.CreateDirectory(Path.Combine(temp.Sub("bundled"), RerankOptions.ShippedModel)).FullName;
        var loads = new List<string>();
        using var matcher = new FixedMatcherDouble();

        var installation = Create(new RerankOptions(), (path, _) =>
        {
            loads.Add(path);
            return matcher;
        });
        Assert.Empty(loads);
        var state = await installation.StateAsync();
        await installation.StateAsync();

        Assert.True(installation.IsInstalled);
        Assert.NotNull(installation.Stage);
        Assert.Equal([folder], loads);
        Assert.True(state.Loaded);
        Assert.Equal(matcher.Id, state.ModelId);
        Assert.Null(state.FeaturesStored);
    }

    [Fact]
    public async Task A_configured_model_that_is_missing_is_installed_but_says_why_it_cannot_load()
    {
        var installation = Create(new RerankOptions { Model = "no-such-itm" }, (_, _) => throw new InvalidOperationException("not reached"));

        var state = await installation.StateAsync();

        Assert.True(state.Installed);
        Assert.False(state.Loaded);
        Assert.Contains("no-such-itm", state.Problem, StringComparison.Ordinal);
        Assert.Contains("could not be loaded", state.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_model_folder_is_reported_with_the_loaders_reason()
    {
        var folder = temp.Sub("corrupt-itm");
        var installation = Create(new RerankOptions { Model = folder }, (_, _) => throw new ModelLoadException("onnx/vision_model.onnx: protobuf parsing failed"));

        var state = await installation.StateAsync();

        Assert.False(state.Loaded);
        Assert.Contains("protobuf parsing failed", state.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_the_reranker_off_installs_none_even_where_one_is_shipped()
    {
        Directory.CreateDirectory(Path.Combine(temp.Sub("bundled"), RerankOptions.ShippedModel));

        var installation = Create(new RerankOptions { Enabled = false });

        Assert.False(installation.IsInstalled);
        Assert.Contains("Rerank:Enabled", (await installation.StateAsync()).Problem, StringComparison.Ordinal);
    }

    /// <summary>A matcher test double that gives every image the same features and every pair probability 0.5.</summary>
    private sealed class FixedMatcherDouble : IImageTextMatcher
    {
        public string Id => "fixed-matcher-double";

        public PreprocessSpec Preprocess { get; } = new() { ResizeTo = 4, CropHeight = 4, CropWidth = 4, CenterCrop = false, Mode = ResizeMode.Squash };

        public int FeatureTokens => 1;

        public int FeatureWidth => 2;

        public ExecutionDevice Device => ExecutionDevice.Cpu;

        public void ExtractFeatures(ReadOnlySpan<float> pixels, int count, Span<float> destination) => destination[..(count * 2)].Fill(0.5f);

        public void Match(string text, ReadOnlySpan<float> features, int count, Span<float> probabilities) => probabilities[..count].Fill(0.5f);

        public void Dispose()
        {
        }
    }
}
