using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using VlSearch.Jobs;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs start KIND</c>: queues a job for the indexer workers and prints its id.</summary>
[Description("Start a job: reindex-missing, reindex-all, scan, remove-vanished, rebuild-index, keywords, features-missing or features-all.")]
public sealed class JobsStartCommand : HostedCommand<JobsStartCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<KIND>")]
        [Description("reindex-missing, reindex-all, scan, remove-vanished, rebuild-index, keywords, features-missing or features-all (the reranker's image features).")]
        public string Kind { get; init; } = string.Empty;

        [CommandOption("--library <NAME>")]
        [Description("Only this library (default: one job per library).")]
        public string? Library { get; init; }

        [CommandOption("--json")]
        [Description("Print the started jobs as JSON.")]
        public bool Json { get; init; }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<IndexJobInfo> started;
        try
        {
            started = await JobsSupport.Service(services).StartAsync(settings.Kind, settings.Model, settings.Library, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        return JobsSupport.PrintQueued(started, settings.Json);
    }
}
