using System.ComponentModel;
using VlSearch.Hangfire;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs resume ID</c>.</summary>
[Description("Resume a paused job.")]
public sealed class JobsResumeCommand : HostedCommand<JobsIdSettings>
{
    protected override async Task<int> RunAsync(IServiceProvider services, JobsIdSettings settings, CancellationToken cancellationToken)
    {
        IndexJobInfo job;
        try
        {
            job = await JobsSupport.Service(services).ResumeAsync(settings.Id, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        if (settings.Json)
        {
            CliJson.Write(job);
        }
        else
        {
            Console.Out.WriteLine(JobsSupport.Describe(job));
        }

        return 0;
    }
}
