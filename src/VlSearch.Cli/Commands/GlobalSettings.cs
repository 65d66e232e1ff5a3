using System.ComponentModel;
using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary>Options every command accepts.</summary>
public class GlobalSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Data folder (catalog, index, models). Default: $VLSEARCH_DATA, else the user's data folder.")]
    public string? Data { get; init; }

    [CommandOption("--model <NAME|DIR>")]
    [Description("Model name or model directory. Default: the configured active model.")]
    public string? Model { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("cpu (default) or cuda; cuda falls back to cpu with a warning when unavailable.")]
    public string? Device { get; init; }
}
