using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Indexing;
using VlSearch.Search.Ranking;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch index folder...</c>: scans, embeds and indexes photo folders incrementally.</summary>
[Description("Index photo folders (incremental: unchanged files are skipped, moved files keep their vectors).")]
public sealed class IndexCommand : HostedCommand<IndexCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<FOLDER>")]
        [Description("One or more folders.")]
        public string[] Folders { get; init; } = [];

        [CommandOption("--include <GLOB>")]
        [Description("Only files matching this glob, relative to the folder (repeatable), e.g. **/*.jpg.")]
        public string[]? Include { get; init; }

        [CommandOption("--exclude <GLOB>")]
        [Description("Skip files matching this glob (repeatable), e.g. **/thumbnails/**.")]
        public string[]? Exclude { get; init; }

        [CommandOption("--hidden")]
        [Description("Also visit hidden folders and files (names starting with a dot).")]
        public bool? Hidden { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("Library name for a new folder (default: the folder's name).")]
        public string? Name { get; init; }

        [CommandOption("--json")]
        [Description("Print a JSON summary per folder, and progress as JSON lines on stderr.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            foreach (var folder in Folders)
            {
                if (!Directory.Exists(folder))
                {
                    return ValidationResult.Error($"Folder not found: {folder}");
                }
            }

            return Folders.Length == 0 ? ValidationResult.Error("Name at least one folder to index.") : ValidationResult.Success();
        }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        // An unchanged library needs no encoder: its sessions are created only when a file needs embedding.
        var model = LoadModel(services, settings.Model, deferred: true);
        var indexer = services.GetRequiredService<PhotoIndexer>();
        var results = new List<IndexRunResult>();
        foreach (var folder in settings.Folders)
        {
            var request = new LibraryRequest(folder) { Name = settings.Name, Include = settings.Include, Exclude = settings.Exclude, IncludeHidden = settings.Hidden };
            results.Add(await ProgressDisplay.RunAsync($"Indexing {Path.GetFileName(Path.GetFullPath(folder))}", progress => indexer.IndexAsync(request, model, progress, cancellationToken), settings.Json));
        }

        if (results.Any(r => r.Embedded + r.Removed > 0))
        {
            // The cutoff's floor depends on the library: measured now, so the first search does not pay for it.
            await services.GetRequiredService<ScoreFloorCalibrator>().CalibrateAsync(model, cancellationToken);
        }

        // Where a reranker is installed, the photos just indexed get its image features too.
        var features = await RerankFeatures.RunAsync(services, FeatureRefresh.Missing, settings.Json, required: false, cancellationToken);
        if (settings.Json)
        {
            CliJson.Write(results);
        }
        else
        {
            foreach (var r in results)
            {
                ProgressDisplay.Error.MarkupLine(
                    $"[green]{Markup.Escape(r.Library)}[/]: {r.Scanned} photos found, {r.Embedded} embedded, {r.Reused} reused, {r.Unchanged} unchanged, {r.Removed} removed, " +
                    $"{(r.Failed > 0 ? "[red]" : "")}{r.Failed} failed{(r.Failed > 0 ? "[/] (see vlsearch status)" : "")} in {r.Elapsed.TotalSeconds:0.0} s with {Markup.Escape(model.Id)}");
            }

            if (features is not null)
            {
                ProgressDisplay.Error.MarkupLine(
                    $"reranker features ({Markup.Escape(features.Matcher)}): {features.Extracted} extracted, {features.Failed} failed, {features.Stored} stored in {features.Elapsed.TotalSeconds:0.0} s");
            }
        }

        return 0;
    }
}
