using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using VlSearch.ModelHub;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch models import &lt;dir&gt;</c>: installs a model folder from disk after checking it loads.</summary>
[Description("Install a model folder (Hugging Face or OpenCLIP layout) from disk.")]
public sealed class ModelsImportCommand : AsyncCommand<ModelsImportCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("The model folder to copy.")]
        public string Directory { get; init; } = "";

        [CommandOption("--name <NAME>")]
        [Description("Name to install it under (default: the folder's name).")]
        public string? Name { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var hub = ModelsCommandSupport.CreateServices(settings);
        var manager = hub.GetRequiredService<ModelManager>();
        var manifest = await manager.ImportAsync(settings.Directory, settings.Name, cancellationToken);
        Console.Error.WriteLine(
            $"Imported {manifest.Name} ({manifest.Dimension}-d, {manifest.Files.Count} files, {ModelsCommandSupport.FormatBytes(manifest.SizeBytes)}) into {manager.InstalledDirectory(manifest.Name)}.");
        return 0;
    }
}
