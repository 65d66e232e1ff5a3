using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Core;

namespace VlSearch.Cli.Commands;

/// <summary>Options shared by the query commands: result count, JSON output and payload filters.</summary>
public class FilterSettings : GlobalSettings
{
    [CommandOption("-k|--top <N>")]
    [Description("Number of results (1-1000).")]
    [DefaultValue(10)]
    public int K { get; init; } = 10;

    [CommandOption("--json")]
    [Description("Print a JSON array of {path, score, ...}, best first.")]
    public bool Json { get; init; }

    [CommandOption("--library <NAME>")]
    [Description("Only photos of this library (repeatable).")]
    public string[]? Libraries { get; init; }

    [CommandOption("--from <DATE>")]
    [Description("Only photos taken on or after this date (yyyy-MM-dd).")]
    public string? From { get; init; }

    [CommandOption("--to <DATE>")]
    [Description("Only photos taken on or before this date (yyyy-MM-dd).")]
    public string? To { get; init; }

    [CommandOption("--camera <NAME>")]
    [Description("Only photos from this camera (repeatable).")]
    public string[]? Cameras { get; init; }

    [CommandOption("--type <FORMAT>")]
    [Description("Only this file type: jpeg, png, webp, gif, bmp, tiff (repeatable).")]
    public string[]? FileTypes { get; init; }

    [CommandOption("--folder <PATH>")]
    [Description("Only photos under this folder.")]
    public string? Folder { get; init; }

    public override ValidationResult Validate()
    {
        if (K is < 1 or > 1000)
        {
            return ValidationResult.Error("-k must be between 1 and 1000.");
        }

        try
        {
            _ = ToFilter();
        }
        catch (FormatException e)
        {
            return ValidationResult.Error(e.Message);
        }

        return ValidationResult.Success();
    }

    /// <summary>The payload filter these options describe, or null when none is set.</summary>
    public PhotoFilter? ToFilter()
    {
        var filter = new PhotoFilter
        {
            Libraries = Libraries is { Length: > 0 } ? Libraries : null,
            Cameras = Cameras is { Length: > 0 } ? Cameras : null,
            FileTypes = FileTypes is { Length: > 0 } ? [.. FileTypes.Select(t => t.ToLowerInvariant() == "jpg" ? "jpeg" : t.ToLowerInvariant())] : null,
            TakenFrom = ParseDate(From, "--from"),
            TakenTo = ParseDate(To, "--to")?.AddDays(1).AddTicks(-1),
            PathPrefix = Folder is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(Folder)) + Path.DirectorySeparatorChar,
        };
        return filter.IsEmpty ? null : filter;
    }

    private static DateTime? ParseDate(string? value, string option)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }

        throw new FormatException($"{option} takes a date as yyyy-MM-dd, got '{value}'.");
    }
}
