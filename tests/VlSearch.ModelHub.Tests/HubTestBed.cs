using VlSearch.Core;
using VlSearch.Onnx;

namespace VlSearch.ModelHub.Tests;

/// <summary>A data folder, a tiny model served by a local hub, and a manager wired to both.</summary>
internal sealed class HubTestBed : IDisposable
{
    public const string Repo = "test-org/tiny-clip";
    public const string Name = "tiny-clip";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("vlsearch-hub-");
    private ModelManager? _manager;

    public HubTestBed(bool withChecksums = true, int maxAttempts = 1, string serverPrefix = "", bool quantizedToo = false)
    {
        SourceDirectory = Path.Combine(_root.FullName, "source");
        TinyModel.Write(SourceDirectory, Name, seed: 7, quantizedToo);
        Server = new HubServer(serverPrefix);
        Server.AddRepository(Repo, "main", SourceDirectory);
        Options = new ModelHubOptions
        {
            DataDirectory = Path.Combine(_root.FullName, "data"),
            BundledModelsDirectory = Path.Combine(_root.FullName, "bundled"),
            Endpoint = Server.Endpoint,
            Token = null,
            MaxAttempts = maxAttempts,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        Entry = TinyModel.CatalogEntry(Name, Repo, SourceDirectory, withChecksums);
        Catalog = new KnownModelCatalog([Entry], Name);
    }

    public string Root => _root.FullName;

    public string SourceDirectory { get; }

    public HubServer Server { get; }

    public ModelHubOptions Options { get; }

    public KnownModel Entry { get; }

    public KnownModelCatalog Catalog { get; }

    public IModelFolderLoader FolderLoader { get; } = new OnnxModelFolderLoader(_ => { });

    public ModelManager Manager => _manager ??= new ModelManager(Options, FolderLoader, catalog: Catalog);

    public string StagingDirectory => Path.Combine(Options.ModelsDirectory, ".tmp", Name);

    public string InstalledDirectory => Path.Combine(Options.ModelsDirectory, Name);

    public string ServedPath(string file) => Server.FilePath(Repo, "main", file);

    public byte[] SourceBytes(string file) => File.ReadAllBytes(Path.Combine(SourceDirectory, file));

    public void Dispose()
    {
        _manager?.Dispose();
        Server.Dispose();
        _root.Delete(recursive: true);
    }
}
