namespace VlSearch.Cli.Tests;

/// <summary><c>vlsearch index</c> refuses library roots that would expose the data folder or the system.</summary>
public sealed class LibraryRootCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task Indexing_the_folder_that_holds_the_data_folder_fails_with_a_usage_exit_code_and_indexes_nothing()
    {
        var library = temp.Sub("photos");
        TestImages.WritePng(Path.Combine(library, "a.png"), 1);
        var data = Path.Combine(library, "data");
        var model = RandomClipModel.Write(temp.Sub("model"));
        var cli = new CliRunner(data);

        var result = await cli.RunAsync("index", library, "--model", model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("data folder", result.Stderr, StringComparison.Ordinal);
        var status = await cli.RunAsync("status", "--json");
        Assert.Equal(0, status.Json.GetProperty("photos").GetInt64());
    }

    [Fact]
    public async Task Indexing_a_system_folder_fails_with_a_usage_exit_code()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var model = RandomClipModel.Write(temp.Sub("model"));
        var result = await new CliRunner(temp.Sub("data")).RunAsync("index", "/etc", "--model", model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("system folder", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
