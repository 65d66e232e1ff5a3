using System.ComponentModel;
using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs failed</c>: files that could not be indexed, with the reason.</summary>
[Description("List the files that failed, with their reasons.")]
public sealed class JobsFailedCommand : HostedCommand<JobsFailedCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--library <NAME>")]
        [Description("Only this library.")]
        public string? Library { get; init; }

        [CommandOption("--json")]
        [Description("Print the files as JSON.")]
        public bool Json { get; init; }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var failed = await JobsSupport.Service(services).FailedFilesAsync(settings.Library, cancellationToken: cancellationToken);
        if (settings.Json)
        {
            CliJson.Write(failed);
            return 0;
        }

        foreach (var file in failed)
        {
            Console.Out.WriteLine($"{file.Path}: {file.Stage}: {file.Reason}");
        }

        return 0;
    }
}
