using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Indexing.Enrichment;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch tags &lt;photo&gt;</c>: a catalogued photo's tags (label, kind, confidence, source, box) and, from its
/// stored embedding, the zero-shot labels that score highest on it, computed on the spot. <c>vlsearch tags run</c>
/// tags the catalog (<see cref="TagsRun"/>); <c>vlsearch tags vocabulary list|add|remove</c> edits the zero-shot
/// labels (<see cref="TagsVocabulary"/>).
/// </summary>
[Description("Show a photo's tags and best zero-shot labels (tags <id|path>), tag the catalog (tags run [[--all]] [[--objects]]), or edit the zero-shot vocabulary (tags vocabulary list|add|remove [[labels]]).")]
public sealed class TagsCommand : HostedCommand<TagsCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<PHOTO|run|vocabulary>")]
        [Description("Catalog id or path of an indexed photo; or run; or vocabulary.")]
        public string Photo { get; init; } = "";

        [CommandArgument(1, "[ARGS]")]
        [Description("For vocabulary: list, add or remove, then the labels.")]
        public string[] Rest { get; init; } = [];

        [CommandOption("--all")]
        [Description("With run: tag every photo again, not only those that miss the stage's tags.")]
        public bool All { get; init; }

        [CommandOption("--objects")]
        [Description("With run: run the object-and-attribute detector stage instead of zero-shot tags.")]
        public bool Objects { get; init; }

        [CommandOption("--top <N>")]
        [Description("Zero-shot labels to list with their scores.")]
        [DefaultValue(10)]
        public int Top { get; init; } = 10;

        [CommandOption("--json")]
        [Description("Print JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (Top is < 0 or > 1000)
            {
                return ValidationResult.Error("--top must be between 0 and 1000.");
            }

            return Photo switch
            {
                "vocabulary" => Rest.Length == 0 ? ValidationResult.Error("Name an action: tags vocabulary list|add|remove [labels].")
                    : TagsVocabulary.Check(Rest[0], Rest[1..]) is { } problem ? ValidationResult.Error(problem) : base.Validate(),
                _ when Rest.Length > 0 => ValidationResult.Error($"Unexpected arguments after '{Photo}': {string.Join(' ', Rest)}."),
                _ when Photo != "run" && (All || Objects) => ValidationResult.Error("--all and --objects apply to tags run."),
                _ => base.Validate(),
            };
        }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Photo == "run")
        {
            return await TagsRun.RunAsync(services, settings.Objects, settings.All, settings.Json, cancellationToken);
        }

        if (settings.Photo == "vocabulary")
        {
            return TagsVocabulary.Run(services, settings.Rest[0], settings.Rest[1..], settings.Json);
        }

        var catalog = services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        var photo = await FindAsync(catalog, settings.Photo, cancellationToken)
            ?? throw new ArgumentException($"No indexed photo '{settings.Photo}': give a catalog id or the path of a photo that was indexed.");
        var tags = await services.GetRequiredService<PhotoTagService>().GetAsync(photo.Id, cancellationToken) ?? [];
        var scores = settings.Top == 0 ? [] : await ScoreAsync(services, catalog, photo, settings.Top, cancellationToken);
        var labels = settings.Top == 0 ? null : services.GetRequiredService<ZeroShotTagStage>().Scorer?.Labels;
        var result = new
        {
            photo = photo.Id,
            path = photo.Path,
            tags = tags.Select(TagJson.From).ToList(),
            labelsScored = labels?.Labels.Count,
            labelsSkipped = labels?.Skipped.Count,
            skippedBecause = labels is { Skipped.Count: > 0 } ? "the model declares the words it knows (known_words.txt) and these labels have others" : null,
            zeroShot = scores.Select(s => new { label = s.Label, score = Math.Round(s.Score, 4), z = Math.Round(s.Z, 3), confidence = Math.Round(s.Confidence, 4) }).ToList(),
        };
        if (settings.Json)
        {
            CliJson.Write(result);
            return 0;
        }

        var table = new Table().AddColumns("label", "kind", "confidence", "source", "box");
        foreach (var tag in result.tags)
        {
            table.AddRow(Markup.Escape(tag.Label), tag.Kind, tag.Confidence.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(tag.Source), tag.Box is { } b ? $"{b.X:0.00},{b.Y:0.00} {b.Width:0.00}×{b.Height:0.00}" : "");
        }

        AnsiConsole.Write(table);
        foreach (var score in result.zeroShot)
        {
            Console.WriteLine($"{score.label,-24} score {score.score,7:0.0000}  z {score.z,6:0.00}");
        }

        return 0;
    }

    private static async Task<Photo?> FindAsync(IDbContextFactory<CatalogDbContext> catalog, string photo, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        if (long.TryParse(photo, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            var byId = await db.Photos.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (byId is not null)
            {
                return byId;
            }
        }

        var path = Path.GetFullPath(photo);
        return await db.Photos.AsNoTracking().FirstOrDefaultAsync(p => p.Path == path, cancellationToken);
    }

    /// <summary>The photo's best zero-shot labels from its stored embedding of the active model (thresholds calibrated on the library).</summary>
    private static async Task<IReadOnlyList<ZeroShotScore>> ScoreAsync(IServiceProvider services, IDbContextFactory<CatalogDbContext> catalog, Photo photo, int top, CancellationToken cancellationToken)
    {
        var stage = services.GetRequiredService<ZeroShotTagStage>();
        await stage.PrepareAsync(cancellationToken);
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var vector = await db.Embeddings.AsNoTracking().Where(e => e.PhotoId == photo.Id && e.ModelId == stage.EmbeddingModel).Select(e => e.Vector).FirstOrDefaultAsync(cancellationToken);
        return vector is null ? [] : stage.Scorer!.Rank(EmbeddingCodec.Decode(vector), top);
    }
}
