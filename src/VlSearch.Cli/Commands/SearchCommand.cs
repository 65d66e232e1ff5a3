using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Catalog;
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

        [CommandOption("--keyword")]
        [Description("Search the keyword index (file and folder names, camera, tags, captions, .txt sidecars) instead of the images; takes --library as its only filter.")]
        public bool Keyword { get; init; }

        public override ValidationResult Validate()
        {
            if (Keyword && (QueriesFile is not null || Libraries is { Length: > 1 } || From is not null || To is not null
                || Cameras is { Length: > 0 } || FileTypes is { Length: > 0 } || Folder is not null))
            {
                return ValidationResult.Error("--keyword takes a query text and at most one --library; other filters and --queries-file do not apply to it.");
            }

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
        if (settings.Keyword)
        {
            return await KeywordAsync(services, settings, cancellationToken);
        }

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

    /// <summary>One line of <c>search --keyword --json</c>: best first; the score's scale depends on the catalog's engine.</summary>
    public sealed record KeywordResult(string Path, int Rank, double Score, long Id);

    private static async Task<int> KeywordAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var search = new KeywordSearch(services.GetRequiredService<IDbContextFactory<CatalogDbContext>>());
        var hits = await search.SearchTextAsync(settings.Text!, settings.K, settings.Libraries?.FirstOrDefault(), cancellationToken: cancellationToken);
        if (settings.Json)
        {
            CliJson.Write(hits.Select(h => new KeywordResult(h.Path, h.Rank, h.Score, h.PhotoId)).ToList());
            return 0;
        }

        foreach (var hit in hits)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{hit.Rank,3}  {hit.Score,8:0.0000}  {Markup.Escape(hit.Path)}"));
        }

        return 0;
    }
}
