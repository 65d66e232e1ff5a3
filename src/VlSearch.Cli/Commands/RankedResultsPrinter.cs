using System.Globalization;
using Spectre.Console;
using VlSearch.Search.Ranking;

namespace VlSearch.Cli.Commands;

/// <summary>Prints the pipeline's hits as a table (each retriever's score; with explain, each stage's rank and score) or JSON.</summary>
public static class RankedResultsPrinter
{
    /// <summary>With <c>--explain --json</c>: the hits, how many the cutoff hid, and each stage's time.</summary>
    public sealed record ExplainedResults(IReadOnlyList<RankedResultItem> Hits, int HiddenByCutoff, IReadOnlyList<StageTiming> Timings)
    {
        /// <summary>Whether the rerank stage ran or was skipped and why; null when it was not asked for.</summary>
        public RerankStatus? Rerank { get; init; }
    }

    public static void Print(SearchResults results, int offset, bool json, bool explain)
    {
        var items = results.Hits.Select((h, i) => RankedResultItem.From(h, offset + i + 1, explain)).ToList();
        if (json)
        {
            if (explain)
            {
                CliJson.Write(new ExplainedResults(items, results.HiddenByCutoff, results.Timings) { Rerank = results.Rerank });
            }
            else
            {
                CliJson.Write(items);
                if (results.Rerank is { Ran: false } skipped)
                {
                    // The JSON list keeps its shape; the note goes beside it.
                    Console.Error.WriteLine(skipped.ToString());
                }
            }

            return;
        }

        if (results.Rerank is { } rerank)
        {
            // Plain, so a long reason is never wrapped at the console's width.
            Console.Out.WriteLine(rerank.Ran ? rerank.ToString() : rerank + " (fused order)");
        }

        if (items.Count == 0)
        {
            AnsiConsole.MarkupLine(results.HiddenByCutoff > 0
                ? $"[yellow]No results above the cutoff.[/] {results.HiddenByCutoff} weaker results hidden: [bold]--cutoff none[/] shows them."
                : "[yellow]No results.[/] Index a folder first: [bold]vlsearch index <folder>[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("#").AddColumn(new TableColumn("score").RightAligned());
        List<string> stageNames = explain ? [.. results.Hits.SelectMany(h => h.Stages.Select(s => s.Stage)).Distinct()] : ["vector", "keyword"];
        if (!explain && results.Hits.Any(h => h.Stages.Any(s => s.Stage == "tags" && s.Score is not null)))
        {
            stageNames.Add("tags");
        }

        if (!explain && results.Rerank is { Ran: true })
        {
            stageNames.Add("rerank");
        }

        foreach (var stage in stageNames)
        {
            table.AddColumn(new TableColumn(explain ? stage + " (rank: score)" : stage).RightAligned());
        }

        table.AddColumn("path");
        foreach (var (hit, item) in results.Hits.Zip(items))
        {
            var cells = new List<string> { item.Rank.ToString(CultureInfo.InvariantCulture), Format(hit.Score) };
            foreach (var stage in stageNames)
            {
                var score = hit.Stages.FirstOrDefault(s => s.Stage == stage);
                cells.Add(score?.Score is not { } value ? "-" : explain ? $"{score.Rank}: {Format(value)}" : Format(value));
            }

            cells.Add(Markup.Escape(hit.Path));
            table.AddRow([.. cells]);
        }

        AnsiConsole.Write(table);
        if (results.HiddenByCutoff > 0)
        {
            AnsiConsole.MarkupLine($"{results.HiddenByCutoff} weaker results hidden: [bold]--cutoff none[/] shows them.");
        }

        if (explain)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Join("  ", results.Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Stage} {t.Milliseconds:0.0} ms")))));
        }
    }

    private static string Format(double score) => score.ToString("0.0000", CultureInfo.InvariantCulture);
}
