using Microsoft.Extensions.DependencyInjection;
using VlSearch.Core;

namespace VlSearch.ModelHub.Tests;

public sealed class ModelHubCompositionTests
{
    [Fact]
    public async Task Pulls_download_with_the_named_client_of_the_given_factory()
    {
        using var bed = new HubTestBed();
        var factory = new RecordingFactory();
        using var manager = new ModelManager(bed.Options, bed.FolderLoader, factory, catalog: bed.Catalog);

        await manager.PullAsync(HubTestBed.Name);

        Assert.NotEmpty(factory.Names);
        Assert.All(factory.Names, n => Assert.Equal(ModelHubServiceCollectionExtensions.HttpClientName, n));
        Assert.NotNull(manager.GetInstalled(HubTestBed.Name));
    }

    [Fact]
    public void The_registered_download_client_has_no_overall_timeout_and_names_the_application()
    {
        using var services = new ServiceCollection().AddModelHubHttpClient().BuildServiceProvider();

        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(ModelHubServiceCollectionExtensions.HttpClientName);

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
        Assert.Contains(client.DefaultRequestHeaders.UserAgent, p => p.Product?.Name == "vlsearch");
    }

    [Fact]
    public async Task Import_refuses_a_folder_the_loader_does_not_recognise_without_loading_it()
    {
        using var bed = new HubTestBed();
        var loader = new FakeFolderLoader(canLoad: false);
        using var manager = new ModelManager(bed.Options, loader, catalog: bed.Catalog);

        var failure = await Assert.ThrowsAsync<ModelHubException>(() => manager.ImportAsync(bed.SourceDirectory, "refused"));

        Assert.Contains("not a loadable model", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, loader.Loads);
        Assert.Null(manager.GetInstalled("refused"));
    }

    [Fact]
    public void Bundled_folders_are_listed_as_the_folder_loader_describes_them()
    {
        using var bed = new HubTestBed();
        Directory.CreateDirectory(Path.Combine(bed.Options.BundledModelsDirectory, "described"));
        using var manager = new ModelManager(bed.Options, new FakeFolderLoader(canLoad: true), catalog: bed.Catalog);

        var entry = Assert.Single(manager.List(), e => e.Name == "described");

        Assert.True(entry.Bundled);
        Assert.Equal(FakeFolderLoader.DescribedDimension, entry.Dimension);
        Assert.False(entry.HasText);
    }

    private sealed class RecordingFactory : IHttpClientFactory
    {
        public List<string> Names { get; } = [];

        public HttpClient CreateClient(string name)
        {
            lock (Names)
            {
                Names.Add(name);
            }

            return new HttpClient();
        }
    }

    private sealed class FakeFolderLoader(bool canLoad) : IModelFolderLoader
    {
        public const int DescribedDimension = 42;

        public int Loads { get; private set; }

        public bool CanLoad(string directory) => canLoad;

        public ModelFolderSummary Describe(string directory) => new(DescribedDimension, HasText: false);

        public IEmbeddingModel Load(string directory, InferenceOptions options)
        {
            Loads++;
            throw new ModelLoadException("not loadable in tests");
        }
    }
}
