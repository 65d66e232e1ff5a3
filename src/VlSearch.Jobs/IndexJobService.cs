using Microsoft.EntityFrameworkCore;
using VlSearch.Catalog;
using VlSearch.Jobs.Admin;

namespace VlSearch.Jobs;

/// <summary>
/// The job API for hosts (CLI, web admin): lists jobs with progress, starts, pauses, resumes and cancels them, lists
/// failed files and retries them. It needs only the catalog: a started job is a <c>queued</c> row that a job server
/// (the indexer worker, or the web app in embedded mode) picks up within a second, so any process can start jobs
/// whatever Hangfire storage the workers use.
/// </summary>
public sealed class IndexJobService(IDbContextFactory<CatalogDbContext> catalog, string defaultModel, TimeProvider? clock = null)
{
    private static readonly string[] Active = [IndexJobStates.Queued, IndexJobStates.Running, IndexJobStates.Paused];
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    /// <summary>The model used when a start request names none (the configured active model).</summary>
    public string DefaultModel { get; } = defaultModel;

    /// <summary>The most recent jobs, newest first.</summary>
    public async Task<IReadOnlyList<IndexJobInfo>> ListAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var rows = await db.Jobs.AsNoTracking()
            .Where(j => j.Kind != IndexJobKinds.Batch)
            .OrderByDescending(j => j.Id)
            .Take(Math.Clamp(limit, 1, 10_000))
            .GroupJoin(db.Libraries, j => j.LibraryId, l => l.Id, (j, l) => new { Job = j, Libraries = l })
            .SelectMany(x => x.Libraries.DefaultIfEmpty(), (x, l) => new { x.Job, Library = l == null ? null : l.Name })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return [.. rows.OrderByDescending(r => r.Job.Id).Select(r => IndexJobInfo.From(r.Job, r.Library, now))];
    }

    /// <summary>One job, or null.</summary>
    public async Task<IndexJobInfo?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var library = job.LibraryId is { } lid ? await db.Libraries.Where(l => l.Id == lid).Select(l => l.Name).FirstOrDefaultAsync(cancellationToken) : null;
        return IndexJobInfo.From(job, library, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Starts a job of <paramref name="kind"/> (see <see cref="IndexJobKinds"/>) for one library, or one per library
    /// when <paramref name="library"/> is null. One job per (library, model) is active at a time.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown kind or library.</exception>
    /// <exception cref="InvalidOperationException">A job for the same library and model is already active.</exception>
    public async Task<IReadOnlyList<IndexJobInfo>> StartAsync(string kind, string? model = null, string? library = null, CancellationToken cancellationToken = default)
    {
        if (!IndexJobKinds.All.Contains(kind))
        {
            throw new ArgumentException($"Unknown job '{kind}': use one of {string.Join(", ", IndexJobKinds.All)}.");
        }

        var modelName = IndexJobKinds.NeedsModel(kind) ? NormalizeModel(model ?? DefaultModel) : null;
        List<int?> targets;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            if (!IndexJobKinds.NeedsLibrary(kind))
            {
                targets = [null];
            }
            else
            {
                var ids = await db.Libraries.AsNoTracking()
                    .Where(l => library == null || l.Name == library)
                    .OrderBy(l => l.Name)
                    .Select(l => l.Id)
                    .ToListAsync(cancellationToken);
                if (ids.Count == 0)
                {
                    throw new ArgumentException(library is null ? "There is no library yet: index a folder first." : $"No library named '{library}'.");
                }

                targets = [.. ids.Select(i => (int?)i)];
            }
        }

        var started = new List<IndexJobInfo>();
        foreach (var target in targets)
        {
            var job = await TryStartAsync(kind, target, modelName, cancellationToken);
            if (job is null)
            {
                var existing = await FindActiveAsync(target, modelName, cancellationToken);
                throw new InvalidOperationException($"Job {existing} for the same library and model is still active; cancel it or wait for it to finish.");
            }

            started.Add(job);
        }

        return started;
    }

    /// <summary>
    /// Adds a folder as a library (or finds the library that has it) and queues a scan of it with the model, which
    /// the workers split into embedding batches. Returns the scan job, or null when a job for it is already active.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public async Task<IndexJobInfo?> AddLibraryAsync(string folder, string? name = null, string? model = null, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Folder not found: {folder}");
        }

        int libraryId;
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var library = await db.Libraries.FirstOrDefaultAsync(l => l.RootPath == root, cancellationToken);
            if (library is null)
            {
                var baseName = name ?? (Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : "library");
                var unique = baseName;
                for (var i = 2; await db.Libraries.AnyAsync(l => l.Name == unique, cancellationToken); i++)
                {
                    unique = $"{baseName}-{i}";
                }

                library = new Library { Name = unique, RootPath = root };
                db.Libraries.Add(library);
                await db.SaveChangesAsync(cancellationToken);
            }

            libraryId = library.Id;
        }

        return await TryStartAsync(IndexJobKinds.Scan, libraryId, NormalizeModel(model ?? DefaultModel), cancellationToken);
    }

    /// <summary>
    /// The model that keeps a library up to date: the one its latest job embedded with, else <see cref="DefaultModel"/>.
    /// After an admin switches the active model and the library is embedded with it, watchers and scheduled scans in
    /// every worker follow, whatever model each worker was configured with.
    /// </summary>
    public async Task<string> ModelForLibraryAsync(int libraryId, CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var latest = await db.Jobs.AsNoTracking()
            .Where(j => j.LibraryId == libraryId && j.ModelId != null && j.Kind != IndexJobKinds.Batch
                && j.State != IndexJobStates.Failed && j.State != IndexJobStates.Cancelled)
            .OrderByDescending(j => j.Id)
            .Select(j => j.ModelId)
            .FirstOrDefaultAsync(cancellationToken);
        return latest ?? NormalizeModel(DefaultModel);
    }

    /// <summary>
    /// Each library's id by name: jobs name their library, and callers that address libraries by id (the web API)
    /// translate with this.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> LibraryIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Libraries.AsNoTracking().ToDictionaryAsync(l => l.Name, l => l.Id, cancellationToken);
    }

    /// <summary>
    /// Queues a job unless one for the same (library, model) is active; returns null then. Used by the watcher and
    /// scheduled scans, which simply try again later.
    /// </summary>
    public async Task<IndexJobInfo?> TryStartAsync(string kind, int? libraryId, string? model, CancellationToken cancellationToken = default)
    {
        model = model is null ? null : NormalizeModel(model);
        if (await FindActiveAsync(libraryId, model, cancellationToken) is not null)
        {
            return null;
        }

        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        var job = new IndexJob { Kind = kind, State = IndexJobStates.Queued, LibraryId = libraryId, ModelId = model };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        var name = libraryId is { } id ? await db.Libraries.Where(l => l.Id == id).Select(l => l.Name).FirstOrDefaultAsync(cancellationToken) : null;
        return IndexJobInfo.From(job, name, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>Stops handing out the job's batches; batches already running finish.</summary>
    public Task<IndexJobInfo> PauseAsync(long id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [IndexJobStates.Queued, IndexJobStates.Running], IndexJobStates.Paused, cancellationToken);

    /// <summary>Hands out the job's batches again.</summary>
    public Task<IndexJobInfo> ResumeAsync(long id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [IndexJobStates.Paused], IndexJobStates.Running, cancellationToken);

    /// <summary>Ends the job: batches not started are dropped, running ones stop at their next encoder batch.</summary>
    public Task<IndexJobInfo> CancelAsync(long id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, Active, IndexJobStates.Cancelled, cancellationToken);

    /// <summary>Files that failed, with the reason, newest first.</summary>
    public Task<IReadOnlyList<FailedFile>> FailedFilesAsync(string? library = null, int limit = 1000, CancellationToken cancellationToken = default) =>
        new FailedFileQuery(catalog).FailedFilesAsync(library, limit, newestFirst: true, cancellationToken);

    /// <summary>
    /// Forgets the recorded failures (so unchanged files are no longer skipped as known bad) and starts a
    /// reindex-missing job per library, which tries them again.
    /// </summary>
    public async Task<IReadOnlyList<IndexJobInfo>> RetryFailedAsync(string? model = null, string? library = null, CancellationToken cancellationToken = default)
    {
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var ids = await db.Libraries.Where(l => library == null || l.Name == library).Select(l => l.Id).ToListAsync(cancellationToken);
            if (library is not null && ids.Count == 0)
            {
                throw new ArgumentException($"No library named '{library}'.");
            }

            await db.FileErrors.Where(e => e.LibraryId != null && ids.Contains(e.LibraryId.Value)).ExecuteDeleteAsync(cancellationToken);
        }

        return await StartAsync(IndexJobKinds.ReindexMissing, model, library, cancellationToken);
    }

    /// <summary>A model folder is stored as a full path so that workers started elsewhere find it.</summary>
    internal static string NormalizeModel(string model) => Directory.Exists(model) ? Path.GetFullPath(model) : model;

    private async Task<long?> FindActiveAsync(int? libraryId, string? model, CancellationToken cancellationToken)
    {
        await using var db = await catalog.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking()
            .Where(j => j.Kind != IndexJobKinds.Batch && Active.Contains(j.State) && j.LibraryId == libraryId && j.ModelId == model)
            .Select(j => (long?)j.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<IndexJobInfo> TransitionAsync(long id, string[] from, string to, CancellationToken cancellationToken)
    {
        await using (var db = await catalog.CreateDbContextAsync(cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var changed = to == IndexJobStates.Cancelled
                ? await db.Jobs.Where(j => j.Id == id && from.Contains(j.State)).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, to).SetProperty(j => j.FinishedAt, now), cancellationToken)
                : await db.Jobs.Where(j => j.Id == id && from.Contains(j.State)).ExecuteUpdateAsync(
                    // A job paused before a worker took it goes back to the queue rather than to running.
                    s => s.SetProperty(j => j.State, j => to == IndexJobStates.Running && j.StartedAt == null ? IndexJobStates.Queued : to),
                    cancellationToken);
            if (changed == 0)
            {
                var state = await db.Jobs.Where(j => j.Id == id).Select(j => j.State).FirstOrDefaultAsync(cancellationToken);
                throw state is null
                    ? new ArgumentException($"No job with id {id}.")
                    : new InvalidOperationException($"Job {id} is {state}; it cannot become {to}.");
            }
        }

        return (await GetAsync(id, cancellationToken))!;
    }
}
