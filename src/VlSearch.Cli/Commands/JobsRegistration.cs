using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary>The <c>jobs</c> branch: <c>jobs [--json]</c> lists, the sub-commands act.</summary>
public static class JobsRegistration
{
    public static void AddJobsBranch(IConfigurator config)
    {
        config.AddBranch("jobs", jobs =>
        {
            jobs.SetDescription("Background jobs: list with progress, start, pause, resume, cancel, retry failed files.");
            jobs.SetDefaultCommand<JobsCommand>();
            jobs.AddCommand<JobsAddCommand>("add").WithExample("jobs", "add", "~/Pictures");
            jobs.AddCommand<JobsStartCommand>("start").WithExample("jobs", "start", "reindex-missing", "--library", "Pictures");
            jobs.AddCommand<JobsPauseCommand>("pause");
            jobs.AddCommand<JobsResumeCommand>("resume");
            jobs.AddCommand<JobsCancelCommand>("cancel");
            jobs.AddCommand<JobsFailedCommand>("failed");
            jobs.AddCommand<JobsRetryFailedCommand>("retry-failed");
        });
    }
}
