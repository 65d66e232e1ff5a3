using System.ComponentModel;
using VlSearch.Jobs;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs resume ID</c>.</summary>
[Description("Resume a paused job.")]
public sealed class JobsResumeCommand : JobStateCommand
{
    protected override Task<IndexJobInfo> ChangeAsync(IndexJobService jobs, long id, CancellationToken cancellationToken) =>
        jobs.ResumeAsync(id, cancellationToken);
}
