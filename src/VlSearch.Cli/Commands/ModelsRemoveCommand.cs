using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using VlSearch.ModelHub;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch models remove &lt;name&gt;</c>: deletes an installed model and any partial download.</summary>
[Description("Delete an installed model (and any partial download of it).")]
public sealed class ModelsRemoveCommand : Command<ModelsRemoveCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Installed model name.")]
        public string Name { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var hub = ModelsCommandSupport.CreateServices(settings);
        var manager = hub.GetRequiredService<ModelManager>();
        if (!manager.Remove(settings.Name))
        {
            throw new ModelHubException($"No model named '{settings.Name}' is installed in {manager.ModelsDirectory}.");
        }

        Console.Error.WriteLine($"Removed {settings.Name}.");
        return 0;
    }
}
