using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Hosting;
using VlSearch.Indexing.Enrichment;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch eval-tags</c>: precision@3 of zero-shot tags on synthetic test scenes, as JSON.</summary>
[Description("Precision@3 of zero-shot tags (the shipped vocabulary, prompt ensembles, per-label thresholds) against the true colours and shapes of synthetic test scenes, as JSON.")]
public sealed class EvalTagsCommand : HostedCommand<EvalTagsCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--scenes <N>")]
        [Description("Test-split scenes to score (they are also the library the thresholds calibrate on).")]
        [DefaultValue(500)]
        public int Scenes { get; init; } = 500;

        [CommandOption("--seed <N>")]
        [Description("Scene generator seed.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--labels <LIST>")]
        [Description("Score against these comma-separated labels instead of the shipped vocabulary (e.g. only the scenes' colours and shapes).")]
        public string? Labels { get; init; }

        [CommandOption("--json")]
        [Description("Accepted for symmetry: the output is always JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Scenes is < 20 or > 100_000 ? ValidationResult.Error("--scenes must be between 20 and 100000.") : base.Validate();
    }

    protected override Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var model = LoadModel(services, settings.Model, baseModel: true);
        if (model.Text is null)
        {
            throw new ArgumentException($"The model {model.Id} has no text tower: it cannot score tag labels.");
        }

        var data = services.GetRequiredService<VlSearchPaths>().Root;
        var options = services.GetRequiredService<IOptions<ZeroShotOptions>>().Value;
        var result = ZeroShotTagEvaluation.Evaluate(
            model, services.GetRequiredService<IImagePreprocessor>(), settings.Labels is null ? TagVocabulary.Of() : TagVocabulary.Of(settings.Labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), options, settings.Scenes, settings.Seed, Path.Combine(data, "tags"), cancellationToken);
        CliJson.Write(new { model = model.Id, seed = settings.Seed, result.Scenes, result.Labels, skippedLabels = result.Skipped, skippedBecause = result.Skipped > 0 ? "the model's known_words.txt lacks a word of each" : null, templates = result.Templates, precisionAt3 = result.PrecisionAt3, precisionAt3Ceiling = result.PrecisionAt3Ceiling, precisionAt3Attributes = result.PrecisionAt3Attributes, result.StoredPrecision, result.StoredPerScene, result.OneObject, maxTags = options.MaxTags, minZ = options.MinZ, result.Examples });
        return Task.FromResult(0);
    }
}
