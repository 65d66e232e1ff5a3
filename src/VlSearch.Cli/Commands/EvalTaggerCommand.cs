using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;
using VlSearch.Onnx.Tagging;
using VlSearch.Training;
using VlSearch.Training.Tagging;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch eval-tagger</c>: scores an object-and-attribute tagger on a synthetic split (the scenes of
/// <c>vlsearch generate</c>, whose layouts give the true objects): object-label F1, attribute F1 and the share of true
/// objects a predicted box covers with IoU ≥ 0.5.
/// </summary>
[Description("Score an object-and-attribute tagger on synthetic scenes: object F1, attribute F1, share of objects found with box IoU >= 0.5.")]
public sealed class EvalTaggerCommand : Command<EvalTaggerCommand.Settings>
{
    /// <summary>The tagger these commands use when none is named: the shipped one, found next to the program (or installed).</summary>
    public const string DefaultModel = Hosting.DetectorOptions.ShippedModel;

    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--split <SPLIT>")]
        [Description("Split of the synthetic scenes: test (default; the scenes of samples/synthetic-test), validation or train.")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        [CommandOption("--count <N>")]
        [Description("Scenes scored (the first N of the split; samples/synthetic-test holds 1000).")]
        [DefaultValue(1000)]
        public int Count { get; init; } = 1000;

        [CommandOption("--seed <S>")]
        [Description("Seed the scenes were generated with (samples/synthetic-test: 1).")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--min-score <P>")]
        [Description("Detections scoring under this are left out.")]
        [DefaultValue(TaggerTrainer.DefaultMinScore)]
        public float MinScore { get; init; } = TaggerTrainer.DefaultMinScore;

        [CommandOption("--json")]
        [Description("Print the metrics as JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            ParseSplit(Split) is null ? ValidationResult.Error($"Unknown split '{Split}': use test, validation or train.")
            : Count is < 1 or > 100_000 ? ValidationResult.Error("--count must be between 1 and 100000.")
            : MinScore is < 0 or > 1 ? ValidationResult.Error("--min-score must be between 0 and 1.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = TokenizeCommand.ModelFolder(settings.Model ?? DefaultModel, settings.Data);
        if (!OnnxObjectTaggerLoader.IsTaggerFolder(folder))
        {
            Console.Error.WriteLine($"error: {folder} is not an object tagger (onnx/model.onnx with a DETR-, YOLO- or OWL-style config.json).");
            return CliApplication.UsageError;
        }

        using var tagger = OnnxObjectTaggerLoader.Load(folder, new InferenceOptions(), [.. TaggerVocabulary.Objects]);
        using var lines = new ProgressLines(Console.Error);
        var progress = new Progress<int>(done => lines.Report($"{done}/{settings.Count} scenes", notable: done == settings.Count));
        var metrics = TaggerEvaluation.Evaluate(tagger, ParseSplit(settings.Split)!.Value, settings.Count, settings.Seed, settings.MinScore, progress, cancellationToken);
        if (settings.Json)
        {
            CliJson.Write(new { model = tagger.Id, split = settings.Split.ToLowerInvariant(), metrics });
            return 0;
        }

        Console.WriteLine($"{tagger.Id} on {metrics.Images} {settings.Split} scenes ({metrics.TrueObjects} objects, {metrics.PredictedObjects} detected):");
        Console.WriteLine($"  object F1 {metrics.ObjectF1:F3} (precision {metrics.ObjectPrecision:F3}, recall {metrics.ObjectRecall:F3})");
        Console.WriteLine($"  attribute F1 {metrics.AttributeF1:F3} (precision {metrics.AttributePrecision:F3}, recall {metrics.AttributeRecall:F3})");
        Console.WriteLine($"  objects found with box IoU >= 0.5: {metrics.BoxRecallAtIou50:P1} (mean IoU of pairs {metrics.MeanIou:F3})");
        return 0;
    }

    private static SceneSplit? ParseSplit(string? split) => split?.Trim().ToLowerInvariant() switch
    {
        "test" => SceneSplit.Test,
        "validation" or "val" => SceneSplit.Validation,
        "train" => SceneSplit.Train,
        _ => null,
    };
}
