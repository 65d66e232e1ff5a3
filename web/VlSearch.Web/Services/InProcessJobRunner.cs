using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Core;
using VlSearch.Indexing;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>
/// Runs indexing jobs in this process, one at a time, with live progress. Pausing cancels the run; since indexing is
/// incremental, resuming starts it again and continues where it stopped.
/// </summary>
public sealed class InProcessJobRunner(
    PhotoIndexer indexer,
    ActiveModel model,
    IVectorIndex index,
    IDbContextFactory<CatalogDbContext> catalog,
    JobHistory history,
    ILogger<InProcessJobRunner> logger) : IDisposable
{
    private readonly ConcurrentDictionary<long, Job> jobs = new();
    private readonly Dictionary<long, JobInfo> past = history.Past.ToDictionary(j => j.Id);
    private readonly SemaphoreSlim oneAtATime = new(1);
    private readonly CancellationTokenSource stopping = new();
    private long nextId = history.Past.Count > 0 ? history.Past.Max(j => j.Id) : 0;

    /// <summary>Queues a job over <paramref name="libraryIds"/> (every library when empty).</summary>
    public JobInfo Start(string kind, IReadOnlyList<int>? libraryIds = null)
    {
        if (!JobKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Unknown job kind '{kind}': use {JobKinds.ReindexMissing} or {JobKinds.ReindexAll}.", nameof(kind));
        }

        var job = new Job(Interlocked.Increment(ref nextId), kind, libraryIds ?? [], CancellationTokenSource.CreateLinkedTokenSource(stopping.Token));
        jobs[job.Id] = job;
        var queued = job.Snapshot();
        history.Record(queued);
        job.Task = Task.Run(() => RunAsync(job));
        return queued;
    }

    /// <summary>This run's jobs and those of earlier runs, newest first.</summary>
    public IReadOnlyList<JobInfo> List() =>
        [.. jobs.Values.Select(j => j.Snapshot()).Concat(past.Values).OrderByDescending(j => j.Id)];

    public JobInfo? Get(long id) => jobs.TryGetValue(id, out var job) ? job.Snapshot() : past.GetValueOrDefault(id);

    /// <summary>Waits for a job to end (tests and shutdown).</summary>
    public Task WaitAsync(long id) => jobs.TryGetValue(id, out var job) && job.Task is { } task ? task : Task.CompletedTask;

    /// <summary>Stops a queued or running job; <paramref name="pause"/> marks it resumable.</summary>
    public bool Stop(long id, bool pause)
    {
        if (!jobs.TryGetValue(id, out var job) || job.IsFinished)
        {
            return false;
        }

        job.StopAs = pause ? IndexJobStates.Paused : IndexJobStates.Cancelled;
        job.Cancellation.Cancel();
        return true;
    }

    /// <summary>Starts a finished job's work again as a new job, also one of an earlier run of the app.</summary>
    public JobInfo? Resume(long id)
    {
        var stopped = jobs.TryGetValue(id, out var job) ? (job.IsFinished ? job.Snapshot() : null) : past.GetValueOrDefault(id);
        if (stopped is null)
        {
            return null;
        }

        // A paused reindex-all already dropped the old vectors: continuing it means embedding what is missing.
        return Start(stopped.Kind == JobKinds.ReindexAll && stopped.State == IndexJobStates.Paused ? JobKinds.ReindexMissing : stopped.Kind, stopped.LibraryIds);
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task RunAsync(Job job)
    {
        var token = job.Cancellation.Token;
        try
        {
            await oneAtATime.WaitAsync(token);
        }
        catch (OperationCanceledException)
        {
            job.Finish(job.StopAs ?? IndexJobStates.Cancelled, "Stopped before it started.");
            history.Record(job.Snapshot());
            return;
        }

        try
        {
            job.State = IndexJobStates.Running;
            var embedding = model.Get();
            List<Library> libraries;
            await using (var db = await catalog.CreateDbContextAsync(token))
            {
                libraries = await db.Libraries.AsNoTracking()
                    .Where(l => job.LibraryIds.Count == 0 || job.LibraryIds.Contains(l.Id))
                    .OrderBy(l => l.Name)
                    .ToListAsync(token);
                if (job.Kind == JobKinds.ReindexAll)
                {
                    var ids = libraries.Select(l => l.Id).ToList();
                    await db.Embeddings.Where(e => e.ModelId == embedding.Id && ids.Contains(e.Photo!.LibraryId)).ExecuteDeleteAsync(token);
                    if (job.LibraryIds.Count == 0)
                    {
                        await index.DropCollectionAsync(CollectionNames.ForModel(embedding.Id), token);
                    }
                }
            }

            job.LibraryCount = libraries.Count;
            for (var i = 0; i < libraries.Count; i++)
            {
                job.LibraryIndex = i;
                var library = libraries[i];
                var request = new LibraryRequest(library.RootPath);
                var result = await indexer.IndexAsync(request, embedding, new Progress(job), token);
                job.Embedded += result.Embedded + result.Reused;
                job.FailedBefore += result.Failed;
            }

            job.LibraryIndex = libraries.Count;
            job.Finish(IndexJobStates.Succeeded, libraries.Count == 0 ? "No libraries to index." : null);
        }
        catch (OperationCanceledException)
        {
            job.Finish(job.StopAs ?? IndexJobStates.Cancelled, null);
        }
        catch (Exception ex)
        {
            LogJobFailed(logger, ex, job.Id);
            job.Finish(IndexJobStates.Failed, ex.Message);
        }
        finally
        {
            oneAtATime.Release();
            history.Record(job.Snapshot());
        }
    }

    private static void LogJobFailed(ILogger logger, Exception ex, long id) => logger.LogError(ex, "Indexing job {Job} failed.", id);

    /// <summary>Progress callbacks run synchronously so the snapshot is never behind the run.</summary>
    private sealed class Progress(Job job) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => job.Current = value;
    }

    private sealed class Job(long id, string kind, IReadOnlyList<int> libraryIds, CancellationTokenSource cancellation)
    {
        private readonly DateTime createdAt = DateTime.UtcNow;

        public long Id { get; } = id;

        public string Kind { get; } = kind;

        public IReadOnlyList<int> LibraryIds { get; } = libraryIds;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task? Task { get; set; }

        public volatile string State = IndexJobStates.Queued;

        public volatile string? StopAs;

        public volatile IndexProgress? Current;

        public volatile int LibraryIndex;

        public volatile int LibraryCount;

        public long Embedded;

        public long FailedBefore;

        public string? Message;

        public DateTime? FinishedAt;

        public bool IsFinished => State is not (IndexJobStates.Queued or IndexJobStates.Running);

        public void Finish(string state, string? message)
        {
            Message = message;
            FinishedAt = DateTime.UtcNow;
            State = state;
        }

        public JobInfo Snapshot()
        {
            var current = Current;
            var state = State;
            var percent = state == IndexJobStates.Succeeded ? 100 : Percent(current);
            return new JobInfo(
                Id, Kind, LibraryIds, state, current?.Phase.ToString().ToLowerInvariant(), current?.Done ?? 0, current?.Total ?? 0,
                FailedBefore + (current is { Phase: not IndexPhase.Done } ? current.Failed : 0), percent, Embedded, Message, createdAt, FinishedAt);
        }

        private double Percent(IndexProgress? current)
        {
            if (LibraryCount == 0 || current is null)
            {
                return 0;
            }

            // Embedding dominates the time of a run, so it gets most of each library's share.
            var (from, to) = current.Phase switch
            {
                IndexPhase.Scanning => (0.0, 0.05),
                IndexPhase.Hashing => (0.05, 0.15),
                IndexPhase.Removing => (0.15, 0.2),
                IndexPhase.Embedding => (0.2, 0.95),
                IndexPhase.Saving => (0.95, 1.0),
                _ => (1.0, 1.0),
            };
            var within = current.Total > 0 ? Math.Clamp(current.Done / (double)current.Total, 0, 1) : 0;
            var library = from + ((to - from) * within);
            return Math.Round(Math.Min(99.9, 100 * (Math.Min(LibraryIndex, LibraryCount - 1) + library) / LibraryCount), 1);
        }
    }
}
