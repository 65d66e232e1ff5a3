using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Training.Matching;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch generate compositional</c>: writes twin scenes that differ only in which colour, size or place binds
/// to which object, with their <c>queries.json</c> (<see cref="CompositionalScenes"/>).
/// </summary>
[Description("Write compositional twins: pairs of scenes with the same two objects where colours, sizes or places are swapped, with captions.json and queries.json.")]
public sealed class GenerateCompositionalCommand : Command<GenerateCompositionalCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output folder.")]
        public string? Out { get; init; }

        [CommandOption("--pairs <N>")]
        [Description("Twin pairs (1 to 10000); twice as many images.")]
        [DefaultValue(300)]
        public int Pairs { get; init; } = 300;

        [CommandOption("--seed <S>")]
        [Description("Generator seed: the same seed and count write the same files.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required.")
            : Pairs is < 1 or > 10_000 ? ValidationResult.Error("--pairs must be between 1 and 10000.")
            : File.Exists(Out) ? ValidationResult.Error($"--out names a file, not a folder: {Out}")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var step = Math.Max(1, settings.Pairs / 10);
        var progress = new Progress<int>(n =>
        {
            if (n % step == 0)
            {
                Console.Error.WriteLine($"generate: {n}/{settings.Pairs} pairs");
            }
        });
        var files = CompositionalScenes.Write(settings.Out!, settings.Pairs, settings.Seed, progress, cancellationToken);
        Console.WriteLine($"Wrote {files.Count} images ({settings.Pairs} twin pairs) to {Path.GetFullPath(settings.Out!)} (captions.json, queries.json).");
        return 0;
    }
}
