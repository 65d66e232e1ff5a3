using Spectre.Console;
using VlSearch.Core;

namespace VlSearch.Cli.Commands;

/// <summary>Prints search hits as JSON or as a table with visible scores.</summary>
public static class SearchResultPrinter
{
    public static void Print(IReadOnlyList<ScoredPhoto> hits, bool json)
    {
        if (json)
        {
            CliJson.Write(hits.Select(SearchResultItem.From).ToList());
            return;
        }

        if (hits.Count == 0)
        {
            AnsiConsole.MarkupLine("[yellow]No results.[/] Index a folder first: [bold]vlsearch index <folder>[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("#").AddColumn(new TableColumn("score").RightAligned()).AddColumn("path");
        var rank = 1;
        foreach (var hit in hits)
        {
            table.AddRow(rank++.ToString(), hit.Score.ToString("0.000"), Markup.Escape(hit.Payload.Path));
        }

        AnsiConsole.Write(table);
    }
}
