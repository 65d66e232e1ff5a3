using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using VlSearch.Hosting;

namespace VlSearch.Cli.Tests;

/// <summary>The data folder, settings and keys are readable by their owner only, and the images run unprivileged.</summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class FileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder temp = new();

    [SkippableFact]
    public void A_new_data_folder_is_created_readable_by_its_owner_only()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes.");
        var data = Path.Combine(temp.Path, "fresh", "vlsearch");

        Assert.Equal(data, DataDirectory.Resolve(data));

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
    }

    [SkippableFact]
    public async Task A_command_on_a_new_data_folder_creates_it_and_its_settings_owner_only()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes.");
        var model = RandomClipModel.Write(temp.Sub("model"), name: "mode-clip", seed: 5);
        var data = Path.Combine(temp.Path, "data");
        var cli = new CliRunner(data);

        var use = await cli.RunAsync("models", "use", model);

        Assert.True(use.ExitCode == 0, use.Stderr);
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
        Assert.Equal(PrivateFile.OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data, VlSearchHost.SettingsFileName)));
    }

    [SkippableFact]
    public void A_settings_rewrite_keeps_the_mode_its_owner_gave_the_file_and_leaves_no_temporary_file()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes.");
        var data = temp.Sub("data");
        SettingsFile.Set(data, "Models", "Active", "first");
        var path = Path.Combine(data, VlSearchHost.SettingsFileName);
        Assert.Equal(PrivateFile.OwnerReadWrite, File.GetUnixFileMode(path));
        var groupReadable = PrivateFile.OwnerReadWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, groupReadable);

        SettingsFile.Set(data, "Models", "Active", "second");

        Assert.Equal(groupReadable, File.GetUnixFileMode(path));
        Assert.Contains("second", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal([path], Directory.GetFiles(data));
    }

    [Fact]
    public void A_private_file_that_exists_is_never_replaced_by_a_second_creator()
    {
        var path = temp.File("key");

        Assert.True(PrivateFile.CreateNew(path, "first"));
        Assert.False(PrivateFile.CreateNew(path, "second"));

        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Every_container_image_runs_as_a_non_root_user()
    {
        var dockerfile = File.ReadAllText(RepositoryPaths.Combine("deploy", "Dockerfile"));
        var stages = Stage().Split(dockerfile).Skip(1).ToList();
        // Images that run: every stage but the build and those that only name a base to copy files from.
        var runtime = stages
            .Where(s => !s.Contains(" AS build", StringComparison.Ordinal))
            .Where(s => s.Split('\n').Skip(1).Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')))
            .ToList();

        Assert.Equal(["cli", "indexer", "indexer-gpu", "web"], runtime.Select(s => s.Split('\n')[0].Split(" AS ")[1].Trim()));
        foreach (var stage in runtime)
        {
            var users = User().Matches(stage).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(users);
            Assert.DoesNotContain(users[^1], new[] { "root", "0" });
        }
    }

    public void Dispose() => temp.Dispose();

    [GeneratedRegex(@"^FROM ", RegexOptions.Multiline)]
    private static partial Regex Stage();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex User();
}
