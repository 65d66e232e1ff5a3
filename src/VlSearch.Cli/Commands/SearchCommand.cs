using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Search;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch search "text"</c>: natural-language search over the indexed photos.</summary>
[Description("Search photos by a natural-language description.")]
public sealed class SearchCommand : HostedCommand<SearchCommand.Settings>
{
    public sealed class Settings : FilterSettings
    {
        [CommandArgument(0, "[TEXT]")]
        [Description("What to find, e.g. \"two kids on a beach at sunset\".")]
        public string? Text { get; init; }

        [CommandOption("--queries-file <FILE>")]
        [Description("Run every line of this file as a query (batch mode; with --json prints [{query, results}]).")]
        public string? QueriesFile { get; init; }

        public override ValidationResult Validate()
        {
            if (Text is null && QueriesFile is null)
            {
                return ValidationResult.Error("Give a query text, or --queries-file.");
            }

            if (QueriesFile is not null && !File.Exists(QueriesFile))
            {
                return ValidationResult.Error($"File not found: {QueriesFile}");
            }

            return base.Validate();
        }
    }

    /// <summary>One query of a batch and its hits.</summary>
    public sealed record BatchResult(string Query, IReadOnlyList<SearchResultItem> Results);

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var model = LoadModel(services, settings.Model);
        var search = services.GetRequiredService<PhotoSearch>();
        var filter = settings.ToFilter();
        if (settings.QueriesFile is null)
        {
            var hits = await search.SearchTextAsync(model, settings.Text!, settings.K, filter, cancellationToken: cancellationToken);
            SearchResultPrinter.Print(hits, settings.Json);
            return 0;
        }

        var batch = new List<BatchResult>();
        foreach (var line in await File.ReadAllLinesAsync(settings.QueriesFile, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var hits = await search.SearchTextAsync(model, line, settings.K, filter, cancellationToken: cancellationToken);
            batch.Add(new BatchResult(line.Trim(), [.. hits.Select(SearchResultItem.From)]));
            if (!settings.Json)
            {
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(line.Trim())}[/]");
                SearchResultPrinter.Print(hits, json: false);
            }
        }

        if (settings.Json)
        {
            CliJson.Write(batch);
        }

        return 0;
    }
}
