using System.ComponentModel;
using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary>Settings of the commands that act on one job.</summary>
public sealed class JobsIdSettings : GlobalSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The job's id (see vlsearch jobs).")]
    public long Id { get; init; }

    [CommandOption("--json")]
    [Description("Print the job as JSON.")]
    public bool Json { get; init; }
}
