using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Jobs.Admin;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch status</c>: what is catalogued and indexed, per model, which files failed and why, and which were
/// indexed with a warning (damaged files whose missing part the decoder filled).
/// </summary>
[Description("Show photos, vectors per model, failed files and files indexed with warnings, with their reasons.")]
public sealed class StatusCommand : HostedCommand<StatusCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--json")]
        [Description("Print the status as JSON.")]
        public bool Json { get; init; }
    }

    public sealed record LibraryStatus(string Name, string Root, long Photos);

    public sealed record ModelStatus(string Model, long Vectors, long Indexed);

    public sealed record Status(string DataDirectory, string ActiveModel, string Catalog, string VectorIndex, long Photos, IReadOnlyList<LibraryStatus> Libraries, IReadOnlyList<ModelStatus> Models, IReadOnlyList<FailedFile> Failed, IReadOnlyList<PhotoWarning> Warnings);

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var summary = await services.GetRequiredService<CatalogStatusQuery>().SummarizeAsync(cancellationToken);
        var failed = await services.GetRequiredService<FailedFileQuery>().FailedFilesAsync(limit: 100_000, cancellationToken: cancellationToken);
        var warnings = await services.GetRequiredService<FailedFileQuery>().WarningsAsync(100_000, cancellationToken);
        var libraries = summary.Libraries.Select(l => new LibraryStatus(l.Name, l.RootPath, l.Photos)).ToList();
        var models = summary.Models.Select(m => new ModelStatus(m.Model, m.Stored, m.Indexed)).ToList();
        var status = new Status(
            services.GetRequiredService<VlSearchPaths>().Root,
            services.GetRequiredService<IOptions<ModelSelectionOptions>>().Value.Active,
            services.GetRequiredService<IOptions<CatalogOptions>>().Value.Provider,
            services.GetRequiredService<IOptions<VectorIndexOptions>>().Value.Provider,
            summary.Photos,
            libraries,
            models,
            failed,
            warnings);

        if (settings.Json)
        {
            CliJson.Write(status);
            return 0;
        }

        AnsiConsole.MarkupLine($"Data: [bold]{Markup.Escape(status.DataDirectory)}[/] (catalog {status.Catalog}, index {status.VectorIndex}), active model [bold]{Markup.Escape(status.ActiveModel)}[/]");
        AnsiConsole.MarkupLine($"Photos: [bold]{status.Photos}[/]");
        foreach (var l in libraries)
        {
            AnsiConsole.MarkupLine($"  library [green]{Markup.Escape(l.Name)}[/] {Markup.Escape(l.Root)}: {l.Photos} photos");
        }

        foreach (var m in models)
        {
            AnsiConsole.MarkupLine($"  model [blue]{Markup.Escape(m.Model)}[/]: {m.Vectors} vectors, {m.Indexed} in the index");
        }

        if (failed.Count > 0)
        {
            AnsiConsole.MarkupLine($"[red]Failed files: {failed.Count}[/]");
            foreach (var f in failed)
            {
                AnsiConsole.MarkupLine($"  {Markup.Escape(f.Path)} [grey]({f.Stage})[/] {Markup.Escape(f.Reason)}");
            }
        }

        if (warnings.Count > 0)
        {
            AnsiConsole.MarkupLine($"[yellow]Indexed with warnings: {warnings.Count}[/]");
            foreach (var w in warnings)
            {
                AnsiConsole.MarkupLine($"  {Markup.Escape(w.Path)} {Markup.Escape(w.Reason)}");
            }
        }

        return 0;
    }
}
