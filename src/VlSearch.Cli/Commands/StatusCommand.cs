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

/// <summary><c>vlsearch status</c>: what is catalogued and indexed, per model, and which files failed and why.</summary>
[Description("Show photos, vectors per model, and failed files with their reasons.")]
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

    public sealed record Status(string DataDirectory, string ActiveModel, string Catalog, string VectorIndex, long Photos, IReadOnlyList<LibraryStatus> Libraries, IReadOnlyList<ModelStatus> Models, IReadOnlyList<FailedFile> Failed);

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var summary = await services.GetRequiredService<CatalogStatusQuery>().SummarizeAsync(cancellationToken);
        var failed = await services.GetRequiredService<FailedFileQuery>().FailedFilesAsync(limit: 100_000, cancellationToken: cancellationToken);
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
            failed);

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

        return 0;
    }
}
