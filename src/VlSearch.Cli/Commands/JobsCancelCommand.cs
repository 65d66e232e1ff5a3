using System.ComponentModel;
using VlSearch.Jobs;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs cancel ID</c>.</summary>
[Description("Cancel a job: batches not yet started are dropped.")]
public sealed class JobsCancelCommand : JobStateCommand
{
    protected override Task<IndexJobInfo> ChangeAsync(IndexJobService jobs, long id, CancellationToken cancellationToken) =>
        jobs.CancelAsync(id, cancellationToken);
}
