using System.ComponentModel;
using VlSearch.Jobs;

namespace VlSearch.Cli.Commands;

/// <summary><c>vlsearch jobs pause ID</c>.</summary>
[Description("Pause a job: its batches wait until it is resumed.")]
public sealed class JobsPauseCommand : JobStateCommand
{
    protected override Task<IndexJobInfo> ChangeAsync(IndexJobService jobs, long id, CancellationToken cancellationToken) =>
        jobs.PauseAsync(id, cancellationToken);
}
