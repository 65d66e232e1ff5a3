namespace VlSearch.Cli.Tests;

/// <summary><c>--data</c>, <c>--model</c> and <c>--device</c> go before or after the command; unknown options are refused.</summary>
public sealed class GlobalOptionTests : IDisposable
{
    private readonly TempFolder temp = new();

    private CliRunner ElsewhereRunner() => new(temp.Sub("default-data"));

    [Fact]
    public async Task The_data_option_before_the_command_chooses_the_data_folder()
    {
        var data = temp.Sub("chosen");
        var result = await ElsewhereRunner().RunAsync("--data", data, "status", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(data, result.Json.GetProperty("dataDirectory").GetString());
    }

    [Fact]
    public async Task The_data_option_after_the_command_chooses_the_data_folder()
    {
        var data = temp.Sub("chosen");
        var result = await ElsewhereRunner().RunAsync("status", "--json", "--data", data);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(data, result.Json.GetProperty("dataDirectory").GetString());
    }

    [Fact]
    public async Task The_equals_form_of_a_global_option_works_before_the_command()
    {
        var data = temp.Sub("chosen");
        var result = await ElsewhereRunner().RunAsync($"--data={data}", "status", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(data, result.Json.GetProperty("dataDirectory").GetString());
    }

    [Fact]
    public async Task Global_options_before_a_nested_command_reach_it_after_its_whole_path()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var data = temp.Sub("chosen");
        var result = await ElsewhereRunner().RunAsync("--device", "cpu", "--data", data, "models", "use", model);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var status = await new CliRunner(data).RunAsync("status", "--json");
        Assert.Equal(model, status.Json.GetProperty("activeModel").GetString());
        Assert.False(File.Exists(Path.Combine(temp.Path, "default-data", "vlsearch.json")), "the default data folder was changed");
    }

    [Fact]
    public async Task Existing_commands_parse_their_own_options_with_global_options_on_either_side()
    {
        var model = RandomClipModel.Write(temp.Sub("model"));
        var library = temp.Sub("library");
        var files = TestImages.WriteLibrary(library, 5);
        var data = temp.Sub("chosen");
        var cli = ElsewhereRunner();

        var index = await cli.RunAsync("--data", data, $"--model={model}", "index", library, "--name", "holiday", "--json");
        Assert.True(index.ExitCode == 0, index.Stderr);
        Assert.Equal(5, index.Json[0].GetProperty("embedded").GetInt64());
        Assert.Equal("holiday", index.Json[0].GetProperty("library").GetString());

        var similar = await cli.RunAsync("--data", data, "similar", files[2], "-k", "1", "--json", "--model", model);
        Assert.True(similar.ExitCode == 0, similar.Stderr);
        Assert.Equal(files[2], similar.Json[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_that_names_the_valid_options()
    {
        var result = await new CliRunner(temp.Sub("data")).RunAsync("status", "--no-such-option");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("--no-such-option", result.Stderr, StringComparison.Ordinal);
        foreach (var valid in new[] { "--json", "--data", "--model", "--device" })
        {
            Assert.Contains(valid, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_option_before_the_command_is_a_usage_error()
    {
        var result = await new CliRunner(temp.Sub("data")).RunAsync("--no-such-option", "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-option", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Global_options_before_the_command_move_behind_the_whole_command_path()
    {
        Assert.Equal(
            ["models", "pull", "clip", "--data", "d", "--model=m"],
            GlobalOptionPlacement.MoveAfterCommand(["--data", "d", "--model=m", "models", "pull", "clip"]));
        Assert.Equal(
            ["jobs", "start", "scan", "--device", "cpu", "--", "raw"],
            GlobalOptionPlacement.MoveAfterCommand(["--device", "cpu", "jobs", "start", "scan", "--", "raw"]));
    }

    [Fact]
    public void Arguments_without_leading_global_options_are_left_alone()
    {
        string[] args = ["--help", "--data", "d", "status"];
        Assert.Equal(args, GlobalOptionPlacement.MoveAfterCommand(args));
        Assert.Equal(["status", "--data", "d"], GlobalOptionPlacement.MoveAfterCommand(["status", "--data", "d"]));
        Assert.Equal(["--data", "d"], GlobalOptionPlacement.MoveAfterCommand(["--data", "d"]));
    }

    public void Dispose() => temp.Dispose();
}
