using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Training;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch generate</c>: writes synthetic captioned scenes (PNGs, captions.json, queries.json).</summary>
[Description("Write synthetic captioned scenes of one split as PNGs plus captions.json and queries.json.")]
public sealed class GenerateCommand : Command<GenerateCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--split <SPLIT>")]
        [Description("train, val, test, or shift (new colours and colour names, with .txt caption sidecars).")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        [CommandOption("--count <N>")]
        [Description("Number of scenes.")]
        [DefaultValue(100)]
        public int Count { get; init; } = 100;

        [CommandOption("--out <DIR>")]
        [Description("Output folder.")]
        public string? Out { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Generator seed.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--json")]
        [Description("Print the written files and captions as JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required.")
            : Count is < 1 or > 1_000_000 ? ValidationResult.Error("--count must be between 1 and 1000000.")
            : ParseSplit(Split) is null ? ValidationResult.Error("--split must be train, val, test or shift.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var files = SceneGenerator.WriteSplit(settings.Out!, ParseSplit(settings.Split)!.Value, settings.Count, settings.Seed, cancellationToken: cancellationToken);
        if (settings.Json)
        {
            CliJson.Write(files);
        }
        else
        {
            Console.WriteLine($"Wrote {files.Count} scenes to {Path.GetFullPath(settings.Out!)} (captions.json, queries.json).");
        }

        return 0;
    }

    private static SceneSplit? ParseSplit(string split) => split.Trim().ToLowerInvariant() switch
    {
        "train" => SceneSplit.Train,
        "val" or "validation" => SceneSplit.Validation,
        "test" => SceneSplit.Test,
        "shift" => SceneSplit.Shift,
        _ => null,
    };
}
