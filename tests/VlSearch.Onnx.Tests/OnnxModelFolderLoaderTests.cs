using VlSearch.Core;

namespace VlSearch.Onnx.Tests;

public sealed class OnnxModelFolderLoaderTests
{
    private readonly OnnxModelFolderLoader _loader = new(_ => { });

    [Theory]
    [InlineData(ClipModelLayout.HuggingFace)]
    [InlineData(ClipModelLayout.OpenClip)]
    public void Both_distributed_layouts_are_recognised_described_and_loaded(ClipModelLayout layout)
    {
        var clip = new TinyClip(seed: 21);
        using var temp = new TempDirectory();
        var export = layout == ClipModelLayout.OpenClip ? clip.ExportOpenClip("tiny") : clip.Export("tiny");
        ClipModelDirectory.Write(temp.Dir, export, layout);

        Assert.True(_loader.CanLoad(temp.Dir));
        Assert.Equal(new ModelFolderSummary(TinyClip.Dim, HasText: true), _loader.Describe(temp.Dir));
        using var model = _loader.Load(temp.Dir, new InferenceOptions { Threads = 1, BatchSize = 1 });
        Assert.Equal(TinyClip.Dim, model.Dimension);
        Assert.NotNull(model.Text);
    }

    [Fact]
    public void A_folder_with_only_a_config_is_not_taken_for_a_model()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Dir, "config.json"), """{ "projection_dim": 512 }""");

        Assert.False(_loader.CanLoad(temp.Dir));
        Assert.Equal(new ModelFolderSummary(512, HasText: false), _loader.Describe(temp.Dir));
        Assert.Throws<ModelLoadException>(() => _loader.Load(temp.Dir, new InferenceOptions()).Dispose());
    }

    [Fact]
    public void A_vision_only_export_is_loadable_but_described_without_text()
    {
        var clip = new TinyClip(seed: 22);
        using var temp = new TempDirectory();
        ClipModelDirectory.Write(temp.Dir, clip.Export("tiny"), ClipModelLayout.HuggingFace);
        File.Delete(Path.Combine(temp.Dir, "onnx", "text_model.onnx"));

        Assert.True(_loader.CanLoad(temp.Dir));
        Assert.False(_loader.Describe(temp.Dir).HasText);
    }

    [Fact]
    public void Missing_folders_and_unreadable_configs_are_reported_as_unknown_rather_than_thrown()
    {
        using var temp = new TempDirectory();
        var missing = Path.Combine(temp.Root, "missing");
        File.WriteAllText(Path.Combine(temp.Dir, "config.json"), "{ not json");

        Assert.False(_loader.CanLoad(missing));
        Assert.Equal(new ModelFolderSummary(0, HasText: false), _loader.Describe(missing));
        Assert.Equal(0, _loader.Describe(temp.Dir).Dimension);
        Assert.Throws<ModelLoadException>(() => _loader.Load(missing, new InferenceOptions()).Dispose());
    }
}
