using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs add FOLDER</c>: adds a library and queues its scan for the workers (no embedding here).</summary>
[Description("Add a folder as a library and queue its scan for the indexer workers.")]
public sealed class JobsAddCommand : HostedCommand<JobsAddCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<FOLDER>")]
        [Description("The folder to add.")]
        public string Folder { get; init; } = string.Empty;

        [CommandOption("--name <NAME>")]
        [Description("Library name (default: the folder's name).")]
        public string? Name { get; init; }

        [CommandOption("--json")]
        [Description("Print the queued job as JSON.")]
        public bool Json { get; init; }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var job = await JobsSupport.Service(services).AddLibraryAsync(settings.Folder, settings.Name, settings.Model, cancellationToken)
            ?? throw new ArgumentException("A job for this library and model is already active.");
        if (settings.Json)
        {
            CliJson.Write(job);
        }
        else
        {
            Console.Out.WriteLine(job.Id);
            ProgressDisplay.Error.WriteLine("Queued: a job server (the VlSearch.Indexer worker, or the web app in embedded mode) runs it; follow it with vlsearch jobs.");
        }

        return 0;
    }
}
