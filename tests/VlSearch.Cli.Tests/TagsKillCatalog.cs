namespace VlSearch.Cli.Tests;

/// <summary>
/// The indexed catalogs the tag kill tests start from, built once for the class and embedded with vlsearch-tiny:
/// <see cref="Scenes"/> holds synthetic scenes the tiny tagger knows (three of the runner's 256-photo pages and part of a fourth);
/// <see cref="Library"/> adds small block pictures so that the zero-shot stage has 32 pages. Each
/// test works on copies of a data folder, so the killed run and the clean run see the same photos under the same ids.
/// </summary>
public sealed class TagsKillCatalog : IAsyncLifetime
{
    /// <summary>Scenes of the shipped synthetic test split.</summary>
    public const int SceneCount = 800;

    /// <summary>
    /// Block pictures of 64 px: with the scenes, 32 of the runner's pages. Zero-shot tags of the tiny model cost a
    /// fraction of a millisecond per photo, so the run must be long enough for the kill to land after the first
    /// page and well before the last on a fast idle machine (2,048 photos were not: the whole run took 0.3 s).
    /// </summary>
    public const int BlockCount = 7392;

    private readonly TempFolder temp = new();

    /// <summary>Photos in <see cref="Library"/>.</summary>
    public static int LibraryCount => SceneCount + BlockCount;

    /// <summary>The data folder of the scenes' catalog; copied, never used directly.</summary>
    public string Scenes { get; private set; } = "";

    /// <summary>The data folder of the scenes' and blocks' catalog; copied, never used directly.</summary>
    public string Library { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var photos = temp.Sub("photos");
        var scenes = Path.Combine(photos, "scenes");
        Directory.CreateDirectory(scenes);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("samples", "synthetic-test"), "*.png").Order(StringComparer.Ordinal).Take(SceneCount))
        {
            File.Copy(file, Path.Combine(scenes, Path.GetFileName(file)));
        }

        var blocks = Path.Combine(photos, "blocks");
        TestImages.WriteLibrary(blocks, BlockCount);
        Scenes = temp.Sub("seed-scenes");
        await IndexAsync(Scenes, scenes);
        Library = Copy(Scenes, "seed-library");
        await IndexAsync(Library, blocks);
    }

    /// <summary>A copy of the indexed data folder <paramref name="seed"/>, in a folder of its own.</summary>
    public string Copy(string seed, string name)
    {
        var target = temp.Sub(name);
        foreach (var file in Directory.GetFiles(seed, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(seed, file));
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

    private static async Task IndexAsync(string data, string folder)
    {
        var index = await Cli(data).RunAsync("index", folder, "--model", "vlsearch-tiny", "--json");
        if (index.ExitCode != 0)
        {
            throw new InvalidOperationException("indexing the kill test's photos failed: " + index.Stderr);
        }
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        temp.Dispose();
        return Task.CompletedTask;
    }
}
