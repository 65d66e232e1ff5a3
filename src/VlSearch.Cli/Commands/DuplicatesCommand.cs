using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Search.Duplicates;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch duplicates</c>: groups of near-identical photos with a suggested keeper. Prints only; nothing is
/// deleted or moved.
/// </summary>
[Description("List groups of near-identical photos with a suggested keeper (nothing is deleted).")]
public sealed class DuplicatesCommand : HostedCommand<DuplicatesCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--threshold <T>")]
        [Description("Cosine similarity from which two photos are duplicates (0.5 to 1). Default: Duplicates:Threshold.")]
        public float? Threshold { get; init; }

        [CommandOption("--json")]
        [Description("Print {\"groups\": [[{\"keep\": path, \"photos\": [[{\"path\", \"score\"}]]}]]}.")]
        public bool Json { get; init; }

        [CommandOption("--csv")]
        [Description("Print CSV: group,keep,path,score,width,height.")]
        public bool Csv { get; init; }

        public override ValidationResult Validate() =>
            Json && Csv ? ValidationResult.Error("Choose one of --json and --csv.")
            : Threshold is { } t && (!float.IsFinite(t) || t is < 0.5f or > 1f) ? ValidationResult.Error($"--threshold must be from 0.5 to 1; {t.ToString(CultureInfo.InvariantCulture)} is not.")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<DuplicateOptions>>().Value;
        var model = LoadModel(services, string.IsNullOrWhiteSpace(settings.Model) ? options.Model : settings.Model, visual: true, baseModel: true);
        var threshold = settings.Threshold ?? options.Threshold;
        var lastTenth = -1;
        var progress = new Progress<DuplicateProgress>(p =>
        {
            var tenth = p.Total > 0 ? p.Done * 10 / p.Total : 10;
            if (tenth != lastTenth)
            {
                lastTenth = tenth;
                Console.Error.WriteLine($"Comparing {model.Id}: {p.Done}/{p.Total} photos, {p.Pairs} pairs");
            }
        });
        var groups = await services.GetRequiredService<DuplicateFinder>().FindAsync(model.Id, threshold, options.Neighbours, progress, cancellationToken);
        if (settings.Json)
        {
            Console.Out.WriteLine(DuplicateExport.ToJson(groups));
        }
        else if (settings.Csv)
        {
            Console.Out.Write(DuplicateExport.ToCsv(groups));
        }
        else
        {
            Print(groups, threshold);
        }

        return 0;
    }

    private static void Print(IReadOnlyList<DuplicateGroup> groups, float threshold)
    {
        if (groups.Count == 0)
        {
            AnsiConsole.MarkupLine($"No near-duplicates at similarity {threshold.ToString("0.###", CultureInfo.InvariantCulture)} or more.");
            return;
        }

        foreach (var (group, number) in groups.Select((g, i) => (g, i + 1)))
        {
            AnsiConsole.MarkupLine($"[bold]Group {number}[/] ({group.Members.Count} photos)");
            foreach (var member in group.Members)
            {
                var mark = member.Photo.Id == group.Keep.Id ? "[green]keep[/]" : "    ";
                AnsiConsole.MarkupLine($"  {mark} {member.Score.ToString("0.000", CultureInfo.InvariantCulture)}  {member.Photo.Width}×{member.Photo.Height}  {Markup.Escape(member.Photo.Path)}");
            }
        }

        AnsiConsole.MarkupLine($"{groups.Count} groups, {groups.Sum(g => g.Members.Count - 1)} photos beside their keepers. Nothing was deleted.");
    }
}
