using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.ModelHub;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch models list</c>: installed, built-in, bundled and downloadable models.</summary>
[Description("List installed, built-in and downloadable models.")]
public sealed class ModelsListCommand : Command<ModelsListCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--json")]
        [Description("Print the list as JSON.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var hub = ModelsCommandSupport.CreateServices(settings);
        var manager = hub.GetRequiredService<ModelManager>();
        var models = manager.List();
        if (settings.Json)
        {
            CliJson.Write(models);
            return 0;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("Name").NoWrap())
            .AddColumn(new TableColumn("Status").NoWrap())
            .AddColumns("Family", "Dim", "Text", "Score", "Languages", "Size", "Description");
        foreach (var m in models)
        {
            var status = m switch
            {
                { Installed: true } => "[green]installed[/]",
                { BuiltIn: true, Available: true } => "[green]built-in[/]",
                { BuiltIn: true } => "[red]built-in, files missing[/]",
                { Bundled: true } => "[green]bundled[/]",
                _ => "[grey]pull to install[/]",
            };
            table.AddRow(
                Markup.Escape(m.Name) + (m.Default ? " [yellow]*[/]" : ""),
                status,
                Markup.Escape(m.Family ?? ""),
                m.Dimension?.ToString() ?? "",
                m.HasText ? "yes" : "no",
                Markup.Escape(m.ScoreKind ?? ""),
                Markup.Escape(m.Languages ?? ""),
                m.SizeBytes is { } size ? ModelsCommandSupport.FormatBytes(size) : "",
                Markup.Escape(m.Description));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]* default text model. Models folder: {Markup.Escape(manager.ModelsDirectory)}[/]");
        return 0;
    }
}
