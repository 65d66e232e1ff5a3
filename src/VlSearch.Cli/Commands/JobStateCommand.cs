using VlSearch.Jobs;

namespace VlSearch.Cli.Commands;

/// <summary>Shared shape of <c>jobs pause|resume|cancel ID</c>: change one job's state and print it.</summary>
public abstract class JobStateCommand : HostedCommand<JobsIdSettings>
{
    /// <summary>The state change, through the job service.</summary>
    protected abstract Task<IndexJobInfo> ChangeAsync(IndexJobService jobs, long id, CancellationToken cancellationToken);

    protected sealed override async Task<int> RunAsync(IServiceProvider services, JobsIdSettings settings, CancellationToken cancellationToken)
    {
        IndexJobInfo job;
        try
        {
            job = await ChangeAsync(JobsSupport.Service(services), settings.Id, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // An unknown id or a job in a state that cannot change this way is the user's input, not a crash.
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
