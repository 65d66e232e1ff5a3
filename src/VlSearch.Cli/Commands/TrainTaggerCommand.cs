using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Training;
using VlSearch.Training.Tagging;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch train-tagger</c>: trains the tiny object-and-attribute tagger and exports it in the DETR-style layout.</summary>
[Description("Train the tiny object-and-attribute tagger (shapes; colour and size) on synthetic scenes over vlsearch-tiny's frozen feature grid, and export it.")]
public sealed class TrainTaggerCommand : Command<TrainTaggerCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--seed <S>")]
        [Description("Seed of weights, scenes and their order; the same seed reproduces the model byte for byte.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--out <DIR>")]
        [Description("Model folder to write.")]
        [DefaultValue("models/vlsearch-tiny-tagger")]
        public string Out { get; init; } = "models/vlsearch-tiny-tagger";

        [CommandOption("--dual-encoder <DIR>")]
        [Description("The trained dual encoder's folder: its convolutions give the frozen feature grid.")]
        [DefaultValue("models/vlsearch-tiny")]
        public string DualEncoder { get; init; } = "models/vlsearch-tiny";

        [CommandOption("--scenes <N>")]
        [Description("Training scenes (default: the shipped model's).")]
        public int? Scenes { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("Passes over the training scenes.")]
        public int? Epochs { get; init; }

        [CommandOption("--hidden <N>")]
        [Description("Width of the per-cell hidden layer.")]
        public int? Hidden { get; init; }

        [CommandOption("--lr <RATE>")]
        [Description("Peak learning rate.")]
        public float? LearningRate { get; init; }

        [CommandOption("--eval-scenes <N>")]
        [Description("Test-split scenes scored at the end (0 skips).")]
        public int? EvaluationScenes { get; init; }

        [CommandOption("--json")]
        [Description("Print the training report as JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Scenes is < 1 or > 200_000 ? ValidationResult.Error("--scenes must be between 1 and 200000.")
            : Epochs is < 1 or > 1000 ? ValidationResult.Error("--epochs must be between 1 and 1000.")
            : Hidden is < 1 or > 4096 ? ValidationResult.Error("--hidden must be between 1 and 4096.")
            : LearningRate is <= 0 ? ValidationResult.Error("--lr must be positive.")
            : EvaluationScenes is < 0 or > 100_000 ? ValidationResult.Error("--eval-scenes must be between 0 and 100000.")
            : !Directory.Exists(DualEncoder) ? ValidationResult.Error($"--dual-encoder: no folder {DualEncoder}.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var defaults = new TaggerOptions();
        var options = defaults with
        {
            Seed = settings.Seed,
            TrainScenes = settings.Scenes ?? defaults.TrainScenes,
            Epochs = settings.Epochs ?? defaults.Epochs,
            LearningRate = settings.LearningRate ?? defaults.LearningRate,
            Hidden = settings.Hidden ?? defaults.Hidden,
            EvaluationScenes = settings.EvaluationScenes ?? defaults.EvaluationScenes,
        };
        TaggerTrainer trainer;
        try
        {
            trainer = new TaggerTrainer(options, settings.DualEncoder);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"error: the dual encoder in {settings.DualEncoder} cannot be read: {e.Message}");
            return CliApplication.UsageError;
        }

        using var lines = new ProgressLines(Console.Error);
        lines.Report($"epoch 0/{options.Epochs}: computing the feature grids of {options.TrainScenes} scenes", notable: false);
        var progress = new Progress<TrainingProgress>(p =>
            lines.Report($"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch}: loss {p.Loss:F3}", notable: p.Step == p.StepsPerEpoch));
        var report = trainer.Train(progress, cancellationToken);
        trainer.Export(settings.Out);
        if (settings.Json)
        {
            CliJson.Write(report);
            return 0;
        }

        Console.WriteLine($"Trained {report.Model} ({report.Parameters} parameters) in {report.TrainingSeconds:F0}s; wrote {Path.GetFullPath(settings.Out)}.");
        if (report.Test is { } test)
        {
            Console.WriteLine($"Test split ({test.Images} scenes): object F1 {test.ObjectF1:F3}, attribute F1 {test.AttributeF1:F3}, boxes with IoU >= 0.5 {test.BoxRecallAtIou50:P1}");
        }

        return 0;
    }
}
