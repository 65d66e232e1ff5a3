using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch train</c>: trains the tiny dual encoder on synthetic scenes and exports a model folder.</summary>
[Description("Train the tiny CLIP-style dual encoder on synthetic scenes (CPU) and export it as a model folder.")]
public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--seed <S>")]
        [Description("Seed of weights, scenes and batches; the same seed reproduces the model.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--out <DIR>")]
        [Description("Model folder to write.")]
        [DefaultValue("models/vlsearch-tiny")]
        public string Out { get; init; } = "models/vlsearch-tiny";

        [CommandOption("--epochs <E>")]
        [Description("Epochs (default: the shipped model's).")]
        public int? Epochs { get; init; }

        [CommandOption("--samples <N>")]
        [Description("Fresh training scenes per epoch.")]
        public int? Samples { get; init; }

        [CommandOption("--batch <B>")]
        [Description("Pairs per step.")]
        public int? Batch { get; init; }

        [CommandOption("--lr <RATE>")]
        [Description("Peak learning rate.")]
        public float? LearningRate { get; init; }

        [CommandOption("--global-channels <C>")]
        [Description("Channels of the image tower's global max-pooled branch (default 0, the shipped model's layout, which leaves it out).")]
        public int? GlobalChannels { get; init; }

        [CommandOption("--word-loss <WEIGHT>")]
        [Description("Weight of the auxiliary loss that predicts the caption's words from either embedding (default 0: contrastive loss alone).")]
        public float? WordLoss { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("Model name written into the config (the model id).")]
        public string? Name { get; init; }

        [CommandOption("--json")]
        [Description("Print the training report as JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Epochs is < 1 ? ValidationResult.Error("--epochs must be positive.")
            : Samples is < 2 ? ValidationResult.Error("--samples must be at least 2.")
            : Batch is < 2 ? ValidationResult.Error("--batch must be at least 2.")
            : LearningRate is <= 0 ? ValidationResult.Error("--lr must be positive.")
            : GlobalChannels is < 0 or > 512 ? ValidationResult.Error("--global-channels must be between 0 and 512.")
            : WordLoss is < 0 or > 100 ? ValidationResult.Error("--word-loss must be between 0 and 100.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var defaults = new DualEncoderOptions();
        var options = defaults with
        {
            Seed = settings.Seed,
            Epochs = settings.Epochs ?? defaults.Epochs,
            SamplesPerEpoch = settings.Samples ?? defaults.SamplesPerEpoch,
            BatchSize = settings.Batch ?? defaults.BatchSize,
            LearningRate = settings.LearningRate ?? defaults.LearningRate,
            GlobalChannels = settings.GlobalChannels ?? defaults.GlobalChannels,
            WordLossWeight = settings.WordLoss ?? defaults.WordLossWeight,
            ModelName = settings.Name ?? defaults.ModelName,
        };
        var trainer = new DualEncoderTrainer(options);
        // Epochs take minutes on 2 cores: between epoch lines, the latest state is repeated every 10 s.
        using var lines = new ProgressLines(Console.Error);
        lines.Report($"epoch 1/{options.Epochs}: training", notable: false);
        var progress = new Progress<TrainingProgress>(p =>
        {
            if (p.Validation is { } v)
            {
                lines.Report($"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:F3}, validation R@1 {v.RecallAt1:F3} R@5 {v.RecallAt5:F3} R@10 {v.RecallAt10:F3}", notable: true);
            }
            else
            {
                lines.Report($"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:F3}", notable: false);
            }
        });
        var report = trainer.Train(progress, cancellationToken);
        trainer.Export(settings.Out);
        if (settings.Json)
        {
            CliJson.Write(report);
        }
        else
        {
            Console.WriteLine($"Trained {report.Model} in {report.TrainingSeconds:F0}s; wrote {Path.GetFullPath(settings.Out)}.");
            if (report.Test is { } t)
            {
                Console.WriteLine($"Test split: R@1 {t.RecallAt1:F3}, R@5 {t.RecallAt5:F3}, R@10 {t.RecallAt10:F3}, MRR {t.Mrr:F3}, nDCG@10 {t.NdcgAt10:F3}");
            }
        }

        return 0;
    }
}
