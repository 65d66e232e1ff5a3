using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Training;
using VlSearch.Training.Matching;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch train-itm</c>: trains the tiny image–text matching reranker and exports it in the split BLIP-ITM layout.</summary>
[Description("Train the tiny image-text matching reranker (a cross-encoder) on synthetic scenes with hard negatives mined by a dual encoder, and export it.")]
public sealed class TrainItmCommand : Command<TrainItmCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--seed <S>")]
        [Description("Seed of weights, scenes and negatives; the same seed reproduces the model byte for byte.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--out <DIR>")]
        [Description("Model folder to write.")]
        [DefaultValue("models/vlsearch-tiny-itm")]
        public string Out { get; init; } = "models/vlsearch-tiny-itm";

        [CommandOption("--dual-encoder <DIR>")]
        [Description("The trained dual encoder's folder: it mines the hard negatives and gives the image grid.")]
        [DefaultValue("models/vlsearch-tiny")]
        public string DualEncoder { get; init; } = "models/vlsearch-tiny";

        [CommandOption("--steps <N>")]
        [Description("Optimizer steps (default: the shipped model's).")]
        public int? Steps { get; init; }

        [CommandOption("--scenes <N>")]
        [Description("Scenes per step; each gives one positive and three negative pairs.")]
        public int? Scenes { get; init; }

        [CommandOption("--lr <RATE>")]
        [Description("Peak learning rate.")]
        public float? LearningRate { get; init; }

        [CommandOption("--eval-scenes <N>")]
        [Description("Test-split scenes scored at the end (0 skips).")]
        public int? EvaluationScenes { get; init; }

        [CommandOption("--twins <N>")]
        [Description("Compositional twin pairs scored at the end (0 skips).")]
        public int? Twins { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("Model name written into the config (the model id).")]
        public string? Name { get; init; }

        [CommandOption("--json")]
        [Description("Print the training report as JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Steps is < 1 ? ValidationResult.Error("--steps must be positive.")
            : Scenes is < 2 ? ValidationResult.Error("--scenes must be at least 2.")
            : LearningRate is <= 0 ? ValidationResult.Error("--lr must be positive.")
            : EvaluationScenes is < 0 or > 100_000 ? ValidationResult.Error("--eval-scenes must be between 0 and 100000.")
            : Twins is < 0 or > 10_000 ? ValidationResult.Error("--twins must be between 0 and 10000.")
            : !Directory.Exists(DualEncoder) ? ValidationResult.Error($"--dual-encoder: no folder {DualEncoder}.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var defaults = new MatcherOptions();
        var options = defaults with
        {
            Seed = settings.Seed,
            Steps = settings.Steps ?? defaults.Steps,
            ScenesPerStep = settings.Scenes ?? defaults.ScenesPerStep,
            LearningRate = settings.LearningRate ?? defaults.LearningRate,
            EvaluationScenes = settings.EvaluationScenes ?? defaults.EvaluationScenes,
            CompositionalPairs = settings.Twins ?? defaults.CompositionalPairs,
            ModelName = settings.Name ?? defaults.ModelName,
        };
        MatcherTrainer trainer;
        try
        {
            trainer = new MatcherTrainer(options, settings.DualEncoder);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"error: the dual encoder in {settings.DualEncoder} cannot be read: {e.Message}");
            return 2;
        }

        using var lines = new ProgressLines(Console.Error);
        lines.Report($"step 0/{options.Steps}: training", notable: false);
        var progress = new Progress<TrainingProgress>(p =>
            lines.Report($"step {p.Step}/{p.StepsPerEpoch}: loss {p.Loss:F3}", notable: p.Step % Math.Max(1, p.StepsPerEpoch / 10) == 0));
        var report = trainer.Train(progress, cancellationToken);
        trainer.Export(settings.Out);
        if (settings.Json)
        {
            CliJson.Write(report);
            return 0;
        }

        Console.WriteLine($"Trained {report.Model} ({report.Parameters} parameters) in {report.TrainingSeconds:F0}s; wrote {Path.GetFullPath(settings.Out)}.");
        void Line(string name, RetrievalMetrics? vector, RetrievalMetrics? reranked)
        {
            if (vector is not null && reranked is not null)
            {
                Console.WriteLine($"{name}: vector R@1 {vector.RecallAt1:F3} MRR {vector.Mrr:F3}; reranked R@1 {reranked.RecallAt1:F3} MRR {reranked.Mrr:F3}");
            }
        }

        Line("Test split", report.TestVector, report.TestReranked);
        Line("Compositional twins", report.CompositionalVector, report.CompositionalReranked);
        return 0;
    }
}
