using System.Text.Json.Nodes;

namespace VlSearch.Cli.Tests;

/// <summary><c>vlsearch models use</c> changes the default model of every later command and keeps the old vectors.</summary>
public sealed class ModelsUseTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public async Task The_model_in_use_becomes_the_default_of_later_commands_and_the_previous_vectors_stay()
    {
        var first = RandomClipModel.Write(temp.Sub("first"), name: "first-clip", seed: 3);
        var second = RandomClipModel.Write(temp.Sub("second"), name: "second-clip", seed: 4);
        var library = temp.Sub("library");
        TestImages.WriteLibrary(library, 6);
        var cli = new CliRunner(temp.Sub("data"));

        Assert.Equal(0, (await cli.RunAsync("models", "use", first)).ExitCode);
        Assert.Equal(6, (await cli.RunAsync("index", library, "--json")).Json[0].GetProperty("embedded").GetInt64());
        var use = await cli.RunAsync("models", "use", second);
        Assert.True(use.ExitCode == 0, use.Stderr);
        Assert.Contains("0 of 6", use.Stderr, StringComparison.Ordinal);

        var reindex = await cli.RunAsync("reindex", "--json");
        Assert.True(reindex.ExitCode == 0, reindex.Stderr);
        var status = (await cli.RunAsync("status", "--json")).Json;
        Assert.Equal(second, status.GetProperty("activeModel").GetString());
        var vectors = status.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!, m => m.GetProperty("vectors").GetInt64());
        Assert.Equal(6, vectors["first-clip"]);
        Assert.Equal(6, vectors["second-clip"]);

        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(cli.DataDirectory, "vlsearch.json")))!;
        Assert.Equal(second, settings["Models"]!["Active"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_visual_only_model_is_refused_with_one_line_and_the_settings_stay_untouched()
    {
        var cli = new CliRunner(temp.Sub("data"));
        var result = await cli.RunAsync("models", "use", "resnet18-imagenet");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("no text encoder", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.DataDirectory, "vlsearch.json")));
    }

    public void Dispose() => temp.Dispose();
}
