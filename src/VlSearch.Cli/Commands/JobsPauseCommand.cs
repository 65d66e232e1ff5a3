using System.ComponentModel;
using VlSearch.Hangfire;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs pause ID</c>.</summary>
[Description("Pause a job: its batches wait until it is resumed.")]
public sealed class JobsPauseCommand : HostedCommand<JobsIdSettings>
{
    protected override async Task<int> RunAsync(IServiceProvider services, JobsIdSettings settings, CancellationToken cancellationToken)
    {
        IndexJobInfo job;
        try
        {
            job = await JobsSupport.Service(services).PauseAsync(settings.Id, cancellationToken);
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
