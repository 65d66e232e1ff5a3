using VlSearch.Core;
using VlSearch.Onnx;
using VlSearch.Testing;

namespace VlSearch.ModelHub.Tests;

/// <summary>
/// Pulls of a SigLIP-layout model (SentencePiece tokenizer files beside the towers) whose tokenizer file is missing,
/// on the hub or from the catalogue's list: the pull fails naming the file, and nothing half-installed remains.
/// </summary>
public sealed class TokenizerPullTests : IDisposable
{
    private const string Repo = "test-org/random-siglip";
    private const string Name = "random-siglip";
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("vlsearch-hub-siglip-");
    private readonly HubServer server = new();
    private readonly string source;
    private readonly ModelHubOptions options;

    public TokenizerPullTests()
    {
        source = RandomSiglipModel.Write(Path.Combine(root.FullName, "source"), ClipModelLayout.HuggingFace, Name);
        server.AddRepository(Repo, "main", source);
        options = new ModelHubOptions
        {
            DataDirectory = Path.Combine(root.FullName, "data"),
            BundledModelsDirectory = Path.Combine(root.FullName, "bundled"),
            Endpoint = server.Endpoint,
            MaxAttempts = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
    }

    private IReadOnlyList<string> SourceFiles => [.. Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(source, f).Replace(Path.DirectorySeparatorChar, '/'))
        .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_complete_siglip_model_pulls_and_loads_with_its_tokenizer()
    {
        using var manager = Manager(SourceFiles);

        await manager.PullAsync(Name);

        var installed = Path.Combine(options.ModelsDirectory, Name);
        Assert.Contains(SourceFiles, f => f is "spiece.model" or "tokenizer.json");
        using var model = new OnnxModelFolderLoader(_ => { }).Load(installed, new InferenceOptions());
        Assert.NotNull(model.Text);
    }

    [Fact]
    public async Task A_tokenizer_file_missing_on_the_hub_fails_the_pull_naming_it_and_installs_nothing()
    {
        var tokenizer = SourceFiles.First(f => f is "spiece.model" or "tokenizer.json");
        server.Remove(server.FilePath(Repo, "main", tokenizer));
        using var manager = Manager(SourceFiles);

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => manager.PullAsync(Name));

        Assert.Contains(tokenizer, failure.Message, StringComparison.Ordinal);
        AssertNothingInstalled(manager);
    }

    [Fact]
    public async Task A_catalogue_entry_that_leaves_out_the_tokenizer_files_fails_the_pull_naming_the_missing_file_and_installs_nothing()
    {
        // The towers download, but the folder cannot tokenize text: the check that the pulled folder loads catches it.
        var withoutTokenizer = SourceFiles.Where(f => f is not ("spiece.model" or "tokenizer.json" or "tokenizer_config.json" or "special_tokens_map.json")).ToList();
        using var manager = Manager(withoutTokenizer);

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => manager.PullAsync(Name));

        Assert.True(failure.Message.Contains("spiece.model", StringComparison.Ordinal) || failure.Message.Contains("tokenizer.json", StringComparison.Ordinal), failure.Message);
        AssertNothingInstalled(manager);
    }

    public void Dispose()
    {
        server.Dispose();
        root.Delete(recursive: true);
    }

    private ModelManager Manager(IReadOnlyList<string> files)
    {
        var entry = new KnownModel
        {
            Name = Name,
            Repo = Repo,
            Dimension = 16,
            Description = "random-weight SigLIP in the transformers.js layout",
            Files = [.. files.Select(p => new KnownModelFile(p, Variant: p.StartsWith("onnx/", StringComparison.Ordinal) ? "" : null))],
        };
        return new ModelManager(options, new OnnxModelFolderLoader(_ => { }), catalog: new KnownModelCatalog([entry], Name));
    }

    private void AssertNothingInstalled(ModelManager manager)
    {
        Assert.False(Directory.Exists(Path.Combine(options.ModelsDirectory, Name)));
        Assert.Null(manager.GetInstalled(Name));
        Assert.DoesNotContain(manager.List(), e => e.Installed);
        var staging = Path.Combine(options.ModelsDirectory, ".tmp", Name);
        Assert.False(Directory.Exists(staging) && Directory.EnumerateFileSystemEntries(staging).Any(), "a staging folder was left behind");
    }
}
