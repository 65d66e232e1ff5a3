using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Hosting;

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

    public sealed record FailedFile(string Path, string Stage, string Reason, DateTime OccurredAt);

    public sealed record Status(string DataDirectory, string ActiveModel, string Catalog, string VectorIndex, long Photos, IReadOnlyList<LibraryStatus> Libraries, IReadOnlyList<ModelStatus> Models, IReadOnlyList<FailedFile> Failed);

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        var index = services.GetRequiredService<IVectorIndex>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var libraries = await db.Libraries.AsNoTracking()
            .OrderBy(l => l.Name)
            .Select(l => new LibraryStatus(l.Name, l.RootPath, l.Photos.LongCount()))
            .ToListAsync(cancellationToken);
        var perModel = await db.Embeddings.AsNoTracking()
            .GroupBy(e => e.ModelId)
            .Select(g => new { Model = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var models = new List<ModelStatus>();
        foreach (var m in perModel.OrderBy(m => m.Model, StringComparer.Ordinal))
        {
            models.Add(new ModelStatus(m.Model, m.Count, await index.CountAsync(CollectionNames.ForModel(m.Model), cancellationToken)));
        }

        var failed = (await db.FileErrors.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .Select(e => new FailedFile(e.Path, e.Stage, e.Reason, e.OccurredAt))
            .ToList();
        var status = new Status(
            services.GetRequiredService<VlSearchPaths>().Root,
            services.GetRequiredService<IOptions<ModelSelectionOptions>>().Value.Active,
            services.GetRequiredService<IOptions<CatalogOptions>>().Value.Provider,
            services.GetRequiredService<IOptions<VectorIndexOptions>>().Value.Provider,
            await db.Photos.LongCountAsync(cancellationToken),
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
