using System.ComponentModel;
using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs</c>: background jobs with their progress (done, total, failed, rate, ETA).</summary>
[Description("List background jobs with their progress.")]
public sealed class JobsCommand : HostedCommand<JobsCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("--json")]
        [Description("Print the jobs as JSON.")]
        public bool Json { get; init; }

        [CommandOption("-n|--limit <N>")]
        [Description("Most recent jobs to show (default 50).")]
        public int Limit { get; init; } = 50;
    }

    protected override async Task<int> RunAsync(IServiceProvider services, Settings settings, CancellationToken cancellationToken)
    {
        var jobs = await JobsSupport.Service(services).ListAsync(settings.Limit, cancellationToken);
        if (settings.Json)
        {
            CliJson.Write(jobs);
            return 0;
        }

        if (jobs.Count == 0)
        {
            Console.Out.WriteLine("No jobs.");
        }

        foreach (var job in jobs)
        {
            Console.Out.WriteLine(JobsSupport.Describe(job));
        }

        return 0;
    }
}
