using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core.Jobs;
using VlSearch.Indexing;

namespace VlSearch.Jobs;

/// <summary>
/// The catalog rows (kind <see cref="IndexJobKinds.Batch"/>, named in <c>Message</c>) that follow each embed batch from
/// its planning: queued, then running with a heartbeat while a worker embeds it, succeeded once counted, or cancelled
/// when its job is planned again. They make progress exact when a batch runs twice, keep batches of an earlier plan
/// from counting, and let the dispatcher find a batch whose worker died and that the job system never handed back.
/// </summary>
internal sealed class BatchLedger(IDbContextFactory<CatalogDbContext> catalog, string owner)
{
    /// <summary>
    /// Records a job's new plan: batches of an earlier plan that are not counted yet are cancelled (they will not
    /// count even if they run), and the new ones are queued.
    /// </summary>
    public async Task PlanAsync(long jobId, IReadOnlyList<EmbedBatch> batches, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var prefix = jobId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";
        var now = DateTime.UtcNow;
        await db.Jobs.Where(j => j.Kind == IndexJobKinds.Batch && j.Message!.StartsWith(prefix) && (j.State == IndexJobStates.Queued || j.State == IndexJobStates.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, IndexJobStates.Cancelled).SetProperty(j => j.FinishedAt, now), cancellationToken);
        db.Jobs.AddRange(batches.Select(b => new IndexJob
        {
            Kind = IndexJobKinds.Batch,
            State = IndexJobStates.Queued,
            LibraryId = b.LibraryId,
            ModelId = b.Model,
            Total = b.Paths.Count,
            Message = b.Name,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records that this worker runs the batch; false when it was counted already or belongs to an earlier plan.</summary>
    public async Task<bool> StartAsync(EmbedBatch batch, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        // A queued batch, or a running one whose worker died and that the job system handed out again.
        var claimed = await db.Jobs.Where(j => j.Kind == IndexJobKinds.Batch && j.Message == batch.Name && (j.State == IndexJobStates.Queued || j.State == IndexJobStates.Running))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, IndexJobStates.Running).SetProperty(j => j.Owner, owner)
                    .SetProperty(j => j.StartedAt, now).SetProperty(j => j.HeartbeatAt, now),
                cancellationToken);
        return claimed > 0;
    }

    /// <summary>Refreshes the sign of life of a running batch and of its job.</summary>
    public async Task BeatAsync(long jobId, string batch, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await db.Jobs.Where(j => j.Kind == IndexJobKinds.Batch && j.Message == batch && j.State == IndexJobStates.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), cancellationToken);
        await BeatJobAsync(db, jobId, now, cancellationToken);
    }

    /// <summary>Refreshes the sign of life of a running job.</summary>
    public async Task BeatJobAsync(long jobId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        await BeatJobAsync(db, jobId, now, cancellationToken);
    }

    /// <summary>
    /// Adds a finished batch to its job's progress exactly once: the batch row turns from running to succeeded in the
    /// same transaction as the increment, so a batch run again after its worker died between the write and the job
    /// system's acknowledgement, or one given up meanwhile, is not counted twice. Then completes the job when every
    /// file is accounted for.
    /// </summary>
    public async Task CountAsync(long jobId, string batch, EmbedFilesResult result)
    {
        await using var db = await catalog.CreateDbContextAsync(CancellationToken.None);
        var now = DateTime.UtcNow;
        var done = result.Embedded + result.Skipped + result.Missing;
        await using (var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            var counted = await db.Jobs.Where(j => j.Kind == IndexJobKinds.Batch && j.Message == batch && j.State == IndexJobStates.Running).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, IndexJobStates.Succeeded).SetProperty(j => j.Total, done + result.Failed).SetProperty(j => j.Done, done)
                    .SetProperty(j => j.Failed, result.Failed).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Owner, owner),
                CancellationToken.None);
            if (counted == 1)
            {
                await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(
                    s => s.SetProperty(j => j.Done, j => j.Done + done).SetProperty(j => j.Failed, j => j.Failed + result.Failed).SetProperty(j => j.HeartbeatAt, now),
                    CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
        }

        await db.Jobs.Where(j => j.Id == jobId && j.State == IndexJobStates.Running && j.Done + j.Failed >= j.Total).ExecuteUpdateAsync(
            s => s.SetProperty(j => j.State, IndexJobStates.Succeeded).SetProperty(j => j.FinishedAt, now),
            CancellationToken.None);
    }

    /// <summary>
    /// Running jobs that wait only for batches without a sign of life since <paramref name="staleBefore"/>: their
    /// worker died and the job system did not hand them back. Those batches are given up (never counted, even if they
    /// turn up later) and the jobs' ids returned, to be planned again; a job with batches still queued or alive waits.
    /// </summary>
    public async Task<IReadOnlyList<long>> AbandonLostAsync(DateTime staleBefore, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var lost = await db.Jobs.AsNoTracking()
            .Where(j => j.Kind == IndexJobKinds.Batch && j.State == IndexJobStates.Running && j.HeartbeatAt < staleBefore)
            .Select(j => new { j.Id, j.Message })
            .ToListAsync(cancellationToken);
        var recovered = new List<long>();
        foreach (var group in lost.GroupBy(b => JobOf(b.Message)).Where(g => g.Key is not null))
        {
            var jobId = group.Key!.Value;
            var prefix = jobId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";
            var ids = group.Select(b => b.Id).ToList();
            var waiting = await db.Jobs.AnyAsync(
                j => j.Kind == IndexJobKinds.Batch && j.Message!.StartsWith(prefix) && !ids.Contains(j.Id)
                    && (j.State == IndexJobStates.Queued || j.State == IndexJobStates.Running),
                cancellationToken);
            var running = await db.Jobs.AnyAsync(j => j.Id == jobId && j.State == IndexJobStates.Running, cancellationToken);
            if (waiting && running)
            {
                // Other batches are still queued or alive: planning again now would embed their files twice.
                continue;
            }

            await db.Jobs.Where(j => ids.Contains(j.Id)).ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, IndexJobStates.Cancelled).SetProperty(j => j.FinishedAt, DateTime.UtcNow),
                cancellationToken);
            if (running)
            {
                recovered.Add(jobId);
            }
        }

        return recovered;
    }

    /// <summary>The job a batch belongs to: batch names start with the job id.</summary>
    internal static long? JobOf(string? batch) =>
        batch is not null && long.TryParse(batch.AsSpan(0, Math.Max(0, batch.IndexOf(':', StringComparison.Ordinal))), out var id) ? id : null;

    private static Task<int> BeatJobAsync(CatalogDbContext db, long jobId, DateTime now, CancellationToken cancellationToken) =>
        db.Jobs.Where(j => j.Id == jobId && j.State == IndexJobStates.Running).ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), cancellationToken);
}
