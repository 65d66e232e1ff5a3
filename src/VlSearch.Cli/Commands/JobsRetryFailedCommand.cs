using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs retry-failed</c>: forgets recorded failures and queues a reindex-missing that retries them.</summary>
[Description("Retry the files that failed (see vlsearch jobs failed).")]
public sealed class JobsRetryFailedCommand : HostedCommand<JobsRetryFailedCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--library <NAME>")]
        [Description("Only this library.")]
        public string? Library { get; init; }

        [CommandOption("--json")]
        [Description("Print the started jobs as JSON.")]
        public bool Json { get; init; }
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var started = await JobsSupport.Service(services).RetryFailedAsync(settings.Model, settings.Library, cancellationToken);
        return JobsSupport.PrintQueued(started, settings.Json);
    }
}
