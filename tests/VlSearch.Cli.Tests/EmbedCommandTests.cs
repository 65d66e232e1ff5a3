namespace VlSearch.Cli.Tests;

public sealed class EmbedCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Embed_of_a_text_by_model_name_equals_the_embedding_from_the_model_folder()
    {
        var cli = new CliRunner(temp.Sub("data"));

        var byName = await cli.RunAsync("embed", "--model", "vlsearch-tiny", "--text", "a red square");
        var byFolder = await cli.RunAsync("embed", "--model", RepositoryPaths.Combine("models", "vlsearch-tiny"), "--text", "a red square");

        Assert.True(byName.ExitCode == 0, byName.Stderr);
        Assert.Equal(64, byName.Json.GetArrayLength());
        Assert.Equal(byFolder.Stdout, byName.Stdout);
    }

    [Fact]
    public async Task Embed_of_an_image_prints_a_unit_vector_that_differs_between_images()
    {
        var cli = new CliRunner(temp.Sub("data"));
        var first = TestImages.WritePng(Path.Combine(temp.Sub("images"), "first.png"), seed: 1);
        var second = TestImages.WritePng(Path.Combine(temp.Sub("images"), "second.png"), seed: 2);

        var a = await cli.RunAsync("embed", "--model", "vlsearch-tiny", "--image", first);
        var b = await cli.RunAsync("embed", "--model", "vlsearch-tiny", "--image", second);

        Assert.True(a.ExitCode == 0, a.Stderr);
        var vector = a.Json.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(64, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => v * v)), 3);
        Assert.NotEqual(a.Stdout, b.Stdout);
    }

    public void Dispose() => temp.Dispose();
}
