using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using VlSearch.Hosting;
using VlSearch.Indexing.Enrichment;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch tags vocabulary list|add|remove</c>: the labels zero-shot tagging scores, with the data folder's overlay.</summary>
public static class TagsVocabulary
{
    /// <summary>Why the action and labels cannot run, or null.</summary>
    public static string? Check(string action, IReadOnlyList<string> labels) => action switch
    {
        "list" => labels.Count == 0 ? null : "vocabulary list takes no labels.",
        "add" or "remove" => labels.Count == 0 ? $"Name the labels to {action}."
            : labels.All(l => TagLabels.TryNormalize(l, out _)) ? null : $"Every label needs 1 to {TagLabels.MaxLength} characters without control characters.",
        _ => $"Unknown vocabulary action '{action}': use list, add or remove.",
    };

    /// <summary>Lists, adds or removes labels and prints the vocabulary in effect.</summary>
    public static int Run(IServiceProvider services, string action, IReadOnlyList<string> labels, bool json)
    {
        var overlay = TagVocabulary.OverlayPath(services.GetRequiredService<VlSearchPaths>().Root);
        var vocabulary = action switch
        {
            "add" => TagVocabulary.Add(overlay, labels),
            "remove" => TagVocabulary.Remove(overlay, labels),
            _ => TagVocabulary.Load(overlay),
        };
        if (json)
        {
            CliJson.Write(new { count = vocabulary.Labels.Count, hash = vocabulary.Hash, added = vocabulary.Added, removed = vocabulary.Removed, labels = vocabulary.Labels });
        }
        else if (action == "list")
        {
            foreach (var label in vocabulary.Labels)
            {
                Console.WriteLine(label);
            }
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"{vocabulary.Labels.Count} labels ({vocabulary.Added.Count} added, {vocabulary.Removed.Count} removed).");
        }

        return 0;
    }
}
