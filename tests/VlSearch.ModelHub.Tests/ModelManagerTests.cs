using VlSearch.Core;

namespace VlSearch.ModelHub.Tests;

public sealed class ModelManagerTests
{
    [Fact]
    public async Task Import_copies_a_loadable_model_and_records_sizes_and_checksums()
    {
        using var bed = new HubTestBed();

        var manifest = await bed.Manager.ImportAsync(bed.SourceDirectory, "imported");

        Assert.Equal("imported", manifest.Name);
        Assert.Equal(TinyModel.Dimension, manifest.Dimension);
        Assert.True(manifest.HasText);
        Assert.StartsWith("import:", manifest.Source, StringComparison.Ordinal);
        var sourceFiles = Directory.EnumerateFiles(bed.SourceDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(sourceFiles.Count, manifest.Files.Count);
        foreach (var file in manifest.Files)
        {
            var copy = File.ReadAllBytes(Path.Combine(bed.Options.ModelsDirectory, "imported", file.Path));
            Assert.Equal(bed.SourceBytes(file.Path), copy);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy)), file.Sha256);
        }

        Assert.Contains(bed.Manager.List(), e => e.Name == "imported" && e.Installed && e.Dimension == TinyModel.Dimension);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(bed.Options.ModelsDirectory, ".tmp")));
    }

    [Fact]
    public async Task Import_of_a_folder_that_does_not_load_installs_nothing()
    {
        using var bed = new HubTestBed();
        var broken = Path.Combine(bed.Root, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "config.json"), "{}");

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.ImportAsync(broken));

        Assert.Contains("not a loadable model", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(bed.Options.ModelsDirectory, "broken")));
    }

    [Fact]
    public async Task Import_refuses_to_overwrite_an_installed_model()
    {
        using var bed = new HubTestBed();
        await bed.Manager.ImportAsync(bed.SourceDirectory, "mine");

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.ImportAsync(bed.SourceDirectory, "mine"));

        Assert.Contains("already installed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_deletes_the_installed_model_and_reports_when_there_was_nothing()
    {
        using var bed = new HubTestBed();
        await bed.Manager.PullAsync(HubTestBed.Name);

        Assert.True(bed.Manager.Remove(HubTestBed.Name));

        Assert.False(Directory.Exists(bed.InstalledDirectory));
        Assert.Null(bed.Manager.GetInstalled(HubTestBed.Name));
        Assert.False(bed.Manager.Remove(HubTestBed.Name));
    }

    [Fact]
    public async Task Remove_also_discards_a_partial_download()
    {
        using var bed = new HubTestBed(maxAttempts: 1);
        bed.Server.DropAfter(bed.ServedPath("onnx/vision_model.onnx"), 100);
        await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.PullAsync(HubTestBed.Name));
        Assert.True(Directory.Exists(bed.StagingDirectory));

        Assert.True(bed.Manager.Remove(HubTestBed.Name));

        Assert.False(Directory.Exists(bed.StagingDirectory));
    }

    [Fact]
    public void Built_in_models_are_listed_and_cannot_be_removed()
    {
        using var bed = new HubTestBed();
        var builtIn = new FakeBuiltIn("builtin-visual", available: true);
        using var manager = new ModelManager(bed.Options, bed.FolderLoader, builtInModels: [builtIn], catalog: bed.Catalog);

        var entry = Assert.Single(manager.List(), e => e.Name == "builtin-visual");

        Assert.True(entry.BuiltIn);
        Assert.True(entry.Available);
        Assert.False(entry.HasText);
        Assert.Throws<ModelHubException>(() => manager.Remove("builtin-visual"));
    }

    [Fact]
    public async Task List_merges_catalog_installed_and_bundled_models_with_their_flags()
    {
        using var bed = new HubTestBed();
        TinyModel.Write(Path.Combine(bed.Options.BundledModelsDirectory, "shipped"), "shipped", seed: 3);
        var listedBefore = bed.Manager.List();
        await bed.Manager.PullAsync(HubTestBed.Name);

        var listed = bed.Manager.List();

        var known = Assert.Single(listedBefore, e => e.Name == HubTestBed.Name);
        Assert.True(known.Known);
        Assert.False(known.Available);
        Assert.True(known.Default);
        var installed = Assert.Single(listed, e => e.Name == HubTestBed.Name);
        Assert.True(installed.Known && installed.Installed && installed.Available);
        Assert.Equal(Directory.EnumerateFiles(bed.InstalledDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(ModelManifest.FileName, StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length), installed.SizeBytes);
        var bundled = Assert.Single(listed, e => e.Name == "shipped");
        Assert.True(bundled.Bundled && bundled.Available && !bundled.Installed);
        Assert.Equal(TinyModel.Dimension, bundled.Dimension);
        Assert.True(bundled.HasText);
        Assert.DoesNotContain(listed, e => e.Name.StartsWith('.'));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task Names_that_are_not_plain_folder_names_are_refused(string name)
    {
        using var bed = new HubTestBed();

        await Assert.ThrowsAsync<ModelHubException>(() => bed.Manager.ImportAsync(bed.SourceDirectory, name));
    }

    [Fact]
    public void The_embedded_catalog_lists_the_documented_models_with_both_towers()
    {
        var catalog = KnownModelCatalog.Default;

        Assert.Equal("clip-vit-b32", catalog.DefaultTextModel);
        foreach (var name in new[] { "clip-vit-b32", "clip-vit-b16", "clip-vit-l14", "align-base" })
        {
            Assert.NotNull(catalog.Find(name));
        }

        Assert.Contains(catalog.Models, m => m.Repo.Contains("siglip", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(catalog.Models, m => m.Languages == "multilingual");
        foreach (var model in catalog.Models)
        {
            Assert.True(model.Dimension > 0, model.Name);
            var files = model.FilesFor("").Select(f => f.Path).ToList();
            Assert.Contains(files, p => p.Contains("text", StringComparison.Ordinal) && p.EndsWith(".onnx", StringComparison.Ordinal));
            Assert.Contains(files, p => p.Contains("vis", StringComparison.Ordinal) && p.EndsWith(".onnx", StringComparison.Ordinal));
            Assert.Contains("config.json", files);
        }
    }

    [Fact]
    public void The_catalog_names_each_entry_s_family_score_kind_and_tokenizer_files_and_the_list_shows_them()
    {
        var catalog = KnownModelCatalog.Default;

        Assert.All(catalog.Models, m => Assert.Contains(m.ScoreKind, new[] { "cosine", "probability" }));
        var siglip = catalog.Models.Single(m => m.Family == "siglip");
        Assert.Equal("probability", siglip.ScoreKind);
        Assert.Contains(siglip.Files, f => f.Path == "tokenizer.json" && !f.Optional);
        Assert.Contains(siglip.Files, f => f.Path == "spiece.model");
        var siglip2 = catalog.Models.Single(m => m.Family == "siglip2");
        Assert.Equal(("probability", "multilingual"), (siglip2.ScoreKind, siglip2.Languages));
        Assert.Contains(siglip2.Files, f => f.Path == "tokenizer.json" && !f.Optional);
        var align = catalog.Models.Single(m => m.Family == "align");
        Assert.Contains(align.Files, f => f.Path == "vocab.txt" || f.Path == "tokenizer.json");
        var multilingual = catalog.Models.Single(m => m.Family == "xlm-roberta-clip");
        Assert.Contains(multilingual.Files, f => f.Path == "textual/tokenizer.json" && !f.Optional);

        using var bed = new HubTestBed(withChecksums: false);
        using var manager = new ModelManager(bed.Options, bed.FolderLoader, catalog: catalog);
        var listed = manager.List().Single(e => e.Name == siglip.Name);
        Assert.Equal(("siglip", "probability", "en"), (listed.Family, listed.ScoreKind, listed.Languages));
    }

    private sealed class FakeBuiltIn(string name, bool available) : IBuiltInModel
    {
        public string Name => name;

        public string Description => "test built-in";

        public int Dimension => 4;

        public bool HasText => false;

        public bool IsAvailable => available;

        public IEmbeddingModel Load(InferenceOptions options) => throw new ModelLoadException("not loadable in tests");
    }
}
