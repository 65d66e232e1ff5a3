namespace VlSearch.Cli.Tests;

/// <summary>A damaged photo the decoder completes with filler is indexed, and <c>vlsearch status</c> names it and why.</summary>
public sealed class DecodeWarningTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task A_truncated_jpeg_is_indexed_and_status_lists_it_as_a_warning_with_its_reason()
    {
        var model = RandomClipModel.Write(temp.Sub("model"), name: "warning-clip", seed: 11);
        var library = temp.Sub("library");
        TestImages.WriteLibrary(library, 3);
        var whole = File.ReadAllBytes(TestImages.WriteJpeg(temp.File("whole.jpg"), seed: 21, size: 256));
        var cut = Path.Combine(library, "cut.jpg");
        File.WriteAllBytes(cut, whole[..(int)(whole.Length * 0.8)]);
        var cli = new CliRunner(temp.Sub("data"));

        var index = await cli.RunAsync("index", library, "--model", model, "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);
        Assert.Equal(4, index.Json[0].GetProperty("embedded").GetInt64());

        var status = await cli.RunAsync("status", "--json");
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Equal(4, status.Json.GetProperty("photos").GetInt64());
        Assert.Empty(status.Json.GetProperty("failed").EnumerateArray());
        var warning = Assert.Single(status.Json.GetProperty("warnings").EnumerateArray());
        Assert.Equal(cut, warning.GetProperty("path").GetString());
        Assert.Contains("Truncated JPEG", warning.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var text = await cli.RunAsync("status");
        Assert.Contains("Indexed with warnings: 1", text.Stdout, StringComparison.Ordinal);
        Assert.Contains(cut, text.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
