using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Indexing;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch models use &lt;name&gt;</c>: makes a model the active one (the default of index, search and the web
/// app) by recording it in the data folder's settings.
/// </summary>
[Description("Make a model the active one: the default of index, search and the web app. Other models' vectors are kept.")]
public sealed class ModelsUseCommand : HostedCommand<ModelsUseCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<NAME|DIR>")]
        [Description("Installed, built-in or bundled model name, or a model folder.")]
        public string Name { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var name = settings.Name.Trim();
        if (name.Length == 0)
        {
            throw new ArgumentException("Name the model to use.");
        }

        var model = services.GetRequiredService<IModelLoader>().Load(name);
        var paths = services.GetRequiredService<VlSearchPaths>();
        ActiveModelChoice.Save(model, name, paths.Root);

        var (photos, embedded) = await services.GetRequiredService<EmbeddingInventory>().CoverageAsync(model.Id, cancellationToken);

        Console.Error.WriteLine($"Active model: {name} (saved in {Path.Combine(paths.Root, VlSearchHost.SettingsFileName)}).");
        if (embedded < photos)
        {
            Console.Error.WriteLine($"It has vectors for {embedded} of {photos} photos; `vlsearch reindex` embeds the rest (other models keep theirs).");
        }

        return 0;
    }
}
