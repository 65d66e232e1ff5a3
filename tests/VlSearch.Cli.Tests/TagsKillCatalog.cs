namespace VlSearch.Cli.Tests;

/// <summary>
/// The indexed catalog the tag kill tests start from, built once for the class: synthetic scenes the tiny tagger
/// knows, plus small block pictures so the zero-shot stage's 256-photo batches are many, all embedded with
/// vlsearch-tiny. Each test works on copies of its data folder, so the killed run and the clean run see the same photos
/// under the same ids.
/// </summary>
public sealed class TagsKillCatalog : IAsyncLifetime
{
    /// <summary>Scenes of the shipped synthetic test split.</summary>
    public const int SceneCount = 400;

    /// <summary>Block pictures of 64 px.</summary>
    public const int BlockCount = 2400;

    private readonly TempFolder temp = new();

    /// <summary>Photos in the catalog.</summary>
    public static int Photos => SceneCount + BlockCount;

    /// <summary>The data folder of the indexed catalog; copied, never used directly.</summary>
    public string Seed { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var photos = temp.Sub("photos");
        var scenes = Path.Combine(photos, "scenes");
        Directory.CreateDirectory(scenes);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("samples", "synthetic-test"), "*.png").Order(StringComparer.Ordinal).Take(SceneCount))
        {
            File.Copy(file, Path.Combine(scenes, Path.GetFileName(file)));
        }

        TestImages.WriteLibrary(Path.Combine(photos, "blocks"), BlockCount);
        Seed = temp.Sub("seed");
        var index = await Cli(Seed).RunAsync("index", photos, "--model", "vlsearch-tiny", "--json");
        if (index.ExitCode != 0)
        {
            throw new InvalidOperationException("indexing the kill test's photos failed: " + index.Stderr);
        }
    }

    /// <summary>A copy of the indexed data folder, in a folder of its own.</summary>
    public string Copy(string name)
    {
        var target = temp.Sub(name);
        foreach (var file in Directory.GetFiles(Seed, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Seed, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    /// <summary>The command line on <paramref name="data"/> with the tiny embedding model active and the tiny tagger as detector.</summary>
    public static CliRunner Cli(string data)
    {
        var cli = new CliRunner(data);
        cli.Environment["VLSEARCH_Models__Active"] = "vlsearch-tiny";
        cli.Environment["VLSEARCH_Detector__Model"] = "vlsearch-tiny-tagger";
        return cli;
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Dispose();
        return Task.CompletedTask;
    }
}
