using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Training.Library;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch generate library</c>: writes the photo-library evaluation set (event folders, camera and descriptive
/// file names, sidecar captions, EXIF) with its <c>queries.json</c> (<see cref="PhotoLibraryGenerator"/>).
/// </summary>
[Description("Write a photo library for evaluating search: scenes in event folders, with file names, .txt captions, EXIF, queries.json and photos.json.")]
public sealed class GenerateLibraryCommand : Command<GenerateLibraryCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Output folder (the library root).")]
        public string? Out { get; init; }

        [CommandOption("--photos <N>")]
        [Description("Number of photos (8 to 100000); about 20 per event folder.")]
        [DefaultValue(500)]
        public int Photos { get; init; } = 500;

        [CommandOption("--seed <S>")]
        [Description("Generator seed: the same seed and count write the same files.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--json")]
        [Description("Print the written photos as JSON.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required.")
            : Photos is < 8 or > 100_000 ? ValidationResult.Error("--photos must be between 8 and 100000.")
            : File.Exists(Out) ? ValidationResult.Error($"--out names a file, not a folder: {Out}")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var step = Math.Max(1, settings.Photos / 10);
        var progress = new Progress<int>(n =>
        {
            if (n % step == 0)
            {
                Console.Error.WriteLine($"generate: {n}/{settings.Photos} photos");
            }
        });
        var photos = PhotoLibraryGenerator.Write(settings.Out!, settings.Photos, settings.Seed, progress, cancellationToken);
        if (settings.Json)
        {
            CliJson.Write(photos);
        }
        else
        {
            var folders = photos.Select(p => p.Event).Distinct().Count();
            Console.WriteLine($"Wrote {photos.Count} photos in {folders} event folders to {Path.GetFullPath(settings.Out!)} (queries.json, photos.json).");
        }

        return 0;
    }
}
