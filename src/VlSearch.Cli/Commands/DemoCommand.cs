using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Indexing;
using VlSearch.Core;
using VlSearch.Search;
using VlSearch.Search.Querying;
using VlSearch.ModelHub;
using VlSearch.Onnx.Tagging;
using VlSearch.Search.Ranking;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch demo</c>: the whole product offline in one command — generates a captioned sample library, indexes it
/// with the bundled model and runs searches whose right answers are known, showing scores.
/// </summary>
[Description("Offline demo: generate a sample library, index it with vlsearch-tiny, run example searches.")]
public sealed class DemoCommand : HostedCommand<DemoCommand.Settings>
{
    private const int SampleSeed = 2026;

    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--count <N>")]
        [Description("Photos in the sample library.")]
        [DefaultValue(300)]
        public int Count { get; init; } = 300;

        [CommandOption("--queries <N>")]
        [Description("Example searches to run.")]
        [DefaultValue(6)]
        public int Queries { get; init; } = 6;

        public override ValidationResult Validate() =>
            Count is < 10 or > 20_000 ? ValidationResult.Error("--count must be between 10 and 20000.")
            : Queries is < 1 or > 100 ? ValidationResult.Error("--queries must be between 1 and 100.")
            : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var paths = services.GetRequiredService<Hosting.VlSearchPaths>();
        var library = Path.Combine(paths.Root, "demo", $"photos-{settings.Count}");
        var captionsFile = Path.Combine(library, "captions.json");
        IReadOnlyList<CaptionedFile> samples;
        if (File.Exists(captionsFile))
        {
            samples = JsonSerializer.Deserialize<List<CaptionedFile>>(await File.ReadAllTextAsync(captionsFile, cancellationToken), CliJson.Options)!;
        }
        else
        {
            ProgressDisplay.Error.MarkupLine($"Generating {settings.Count} captioned sample photos in [bold]{Markup.Escape(library)}[/]");
            samples = SceneGenerator.WriteLibrary(library, settings.Count, SampleSeed);
            await File.WriteAllTextAsync(captionsFile, JsonSerializer.Serialize(samples, CliJson.Options), cancellationToken);
        }

        var model = LoadModel(services, settings.Model ?? "vlsearch-tiny");
        var indexer = services.GetRequiredService<PhotoIndexer>();
        var run = await ProgressDisplay.RunAsync("Indexing the sample library", p => indexer.IndexAsync(new LibraryRequest(library) { Name = "demo" }, model, p, cancellationToken));
        AnsiConsole.MarkupLine($"Indexed [bold]{run.Scanned}[/] photos with [blue]{Markup.Escape(model.Id)}[/]: {run.Embedded} embedded, {run.Unchanged + run.Reused} already known, {run.Seconds:0.0} s.");

        ShowObjects(services, library, samples, 3);
        var reranker = services.GetRequiredService<Hosting.RerankerInstallation>();
        if (reranker.Model is { } installed && !installed.TryLoad(out _, out var reason))
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(reason!)}[/]: the searches are not reranked.");
        }
        else if (reranker.IsInstalled)
        {
            return await CompareRerankAsync(services.GetRequiredService<ISearchPipeline>(), model, library, samples, settings.Queries, reranker.Model!.Name, cancellationToken);
        }

        var search = services.GetRequiredService<PhotoSearch>();
        var step = Math.Max(1, samples.Count / settings.Queries);
        var found = 0;
        var asked = 0;
        for (var i = 0; i < samples.Count && asked < settings.Queries; i += step, asked++)
        {
            var sample = samples[i];
            var expected = Path.GetFullPath(Path.Combine(library, sample.File));
            var hits = await search.SearchTextAsync(model, sample.Caption, 5, cancellationToken: cancellationToken);
            var rank = hits.Select(h => h.Payload.Path).ToList().IndexOf(expected);
            found += rank >= 0 ? 1 : 0;
            AnsiConsole.MarkupLine($"\n[bold]search[/] \"{Markup.Escape(sample.Caption)}\"  [grey](described photo: {Markup.Escape(sample.File)})[/]");
            var table = new Table().Border(TableBorder.None).AddColumn("#").AddColumn(new TableColumn("score").RightAligned()).AddColumn("photo").AddColumn("");
            for (var r = 0; r < hits.Count; r++)
            {
                table.AddRow((r + 1).ToString(), hits[r].Score.ToString("0.000"), Markup.Escape(Path.GetRelativePath(library, hits[r].Payload.Path)), r == rank ? "[green]← described photo[/]" : "");
            }

            AnsiConsole.Write(table);
        }

        AnsiConsole.MarkupLine($"\nThe described photo was in the top 5 for [bold]{found} of {asked}[/] searches.");
        AnsiConsole.MarkupLine($"Try your own: [bold]./vlsearch search \"a red circle\"[/] (data in {Markup.Escape(paths.Root)}), or index real photos: [bold]./vlsearch index ~/Pictures[/]");
        return 0;
    }

    /// <summary>What the shipped object-and-attribute tagger sees on the first few sample photos (VinVL's object/attribute split).</summary>
    private static void ShowObjects(IServiceProvider services, string library, IReadOnlyList<CaptionedFile> samples, int count)
    {
        var folder = Path.Combine(services.GetRequiredService<IOptions<ModelHubOptions>>().Value.BundledModelsDirectory, Hosting.DetectorOptions.ShippedModel);
        if (!OnnxObjectTaggerLoader.IsTaggerFolder(folder))
        {
            AnsiConsole.MarkupLine($"[yellow]{Hosting.DetectorOptions.ShippedModel} is not shipped here[/]: no object tags shown.");
            return;
        }

        try
        {
            using var tagger = OnnxObjectTaggerLoader.Load(folder, services.GetRequiredService<IOptions<InferenceOptions>>().Value);
            var decoder = services.GetRequiredService<IPhotoDecoder>();
            AnsiConsole.MarkupLine($"\n[bold]Objects and attributes[/] found by [blue]{Hosting.DetectorOptions.ShippedModel}[/]:");
            foreach (var sample in samples.Take(count))
            {
                var photo = decoder.Decode(Path.Combine(library, sample.File), 224);
                var found = tagger.Detect([photo.Image], 0.5f)[0];
                var text = found.Count == 0
                    ? "nothing"
                    : string.Join(", ", found.Select(o => $"{string.Join(' ', o.Attributes.Where(a => a.Score >= 0.5f).Select(a => a.Label))} {o.Label} ({o.Score:0.00})".TrimStart()));
                AnsiConsole.MarkupLine($"{Markup.Escape(sample.File)} \"{Markup.Escape(sample.Caption)}\" → {Markup.Escape(text)}");
            }
        }
        catch (Exception e) when (e is ModelLoadException or PhotoDecodeException)
        {
            AnsiConsole.MarkupLine($"[yellow]object tags not shown: {Markup.Escape(e.Message)}[/]");
        }
    }

    /// <summary>Each example search twice, side by side: the dual encoder's order, then reranked by the image–text matcher.</summary>
    private static async Task<int> CompareRerankAsync(
        ISearchPipeline pipeline, IEmbeddingModel model, string library, IReadOnlyList<CaptionedFile> samples, int queries, string reranker, CancellationToken cancellationToken)
    {
        const int k = 5;
        var step = Math.Max(1, samples.Count / queries);
        var (firstWithout, firstWith, asked) = (0, 0, 0);
        for (var i = 0; i < samples.Count && asked < queries; i += step, asked++)
        {
            var sample = samples[i];
            var expected = Path.GetFullPath(Path.Combine(library, sample.File));
            var query = QueryParser.Parse(sample.Caption);
            var request = new SearchRequest { Query = query, Model = model, K = k, Stages = SearchStages.Vector };
            var without = await pipeline.SearchAsync(request with { Rerank = false }, cancellationToken);
            var with = await pipeline.SearchAsync(request with { Rerank = true }, cancellationToken);
            firstWithout += without.Hits.Count > 0 && without.Hits[0].Path == expected ? 1 : 0;
            firstWith += with.Rerank is { Ran: true } && with.Hits.Count > 0 && with.Hits[0].Path == expected ? 1 : 0;

            AnsiConsole.MarkupLine($"\n[bold]search[/] \"{Markup.Escape(sample.Caption)}\"  [grey](described photo: {Markup.Escape(sample.File)})[/]");
            if (with.Rerank is { Ran: false } skipped)
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(skipped.ToString())}[/]");
            }

            var table = new Table().Border(TableBorder.None).AddColumn("#")
                .AddColumn("vector only").AddColumn(new TableColumn("cosine").RightAligned())
                .AddColumn($"reranked by {Markup.Escape(reranker)}").AddColumn(new TableColumn("final").RightAligned());
            for (var r = 0; r < k; r++)
            {
                table.AddRow(
                    (r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Cell(without, r, library, expected),
                    r < without.Hits.Count ? without.Hits[r].Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "",
                    Cell(with, r, library, expected),
                    r < with.Hits.Count ? with.Hits[r].Score.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "");
            }

            AnsiConsole.Write(table);
        }

        AnsiConsole.MarkupLine($"\nThe described photo came first in [bold]{firstWithout} of {asked}[/] searches by the dual encoder alone and in [bold]{firstWith} of {asked}[/] reranked (final = cosine + match probability).");
        AnsiConsole.MarkupLine("Try your own: [bold]./vlsearch search \"a red circle left of a blue square\"[/] (add [bold]--no-rerank[/] to compare), or index real photos: [bold]./vlsearch index ~/Pictures[/]");
        return 0;
    }

    private static string Cell(SearchResults results, int rank, string library, string expected)
    {
        if (rank >= results.Hits.Count)
        {
            return "";
        }

        var name = Markup.Escape(Path.GetRelativePath(library, results.Hits[rank].Path));
        return results.Hits[rank].Path == expected ? $"[green]{name} ←[/]" : name;
    }
}
