namespace VlSearch.Cli.Tests;

/// <summary><c>search --keyword</c> and <c>reindex --keywords</c> through the real command line, on generated photos with caption sidecars.</summary>
public sealed class KeywordSearchCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task A_sidecar_caption_word_and_a_file_name_find_their_photo_and_the_index_rebuilds()
    {
        var photos = temp.Sub("photos");
        var cli = new CliRunner(temp.Sub("data"));
        var generate = await cli.RunAsync("generate", "--split", "shift", "--count", "12", "--out", photos, "--seed", "7");
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        var index = await cli.RunAsync("index", photos, "--model", "vlsearch-tiny", "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);

        var photo = Directory.EnumerateFiles(photos, "*.png", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(photos, "*.jpg", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .First(p => File.Exists(Path.ChangeExtension(p, ".txt")));
        var caption = File.ReadAllText(Path.ChangeExtension(photo, ".txt"));

        var byCaption = await cli.RunAsync("search", "--keyword", caption, "-k", "50", "--json");
        Assert.True(byCaption.ExitCode == 0, byCaption.Stderr);
        Assert.Contains(photo, byCaption.Json.EnumerateArray().Select(h => h.GetProperty("path").GetString()));

        var byName = await cli.RunAsync("search", "--keyword", Path.GetFileName(photo), "--json");
        Assert.True(byName.ExitCode == 0, byName.Stderr);
        Assert.Equal(photo, byName.Json[0].GetProperty("path").GetString());
        Assert.Equal(1, byName.Json[0].GetProperty("rank").GetInt32());

        var rebuild = await cli.RunAsync("reindex", "--keywords", "--json");
        Assert.True(rebuild.ExitCode == 0, rebuild.Stderr);
        Assert.Equal(12, rebuild.Json[0].GetProperty("photos").GetInt32());
    }

    [Fact]
    public async Task A_keyword_query_without_words_is_a_usage_error()
    {
        var cli = new CliRunner(temp.Sub("data"));

        var result = await cli.RunAsync("search", "--keyword", "!!!");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no words", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
