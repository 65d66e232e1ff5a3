using VlSearch.Catalog;
using VlSearch.Hosting.Answers;
using VlSearch.Jobs;
using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>
/// Jobs kept in the catalog's job table and run by the job servers: this process in embedded mode, or the
/// <c>vlsearch-indexer</c> workers it shares PostgreSQL with.
/// </summary>
public sealed class CatalogJobBackend(IndexJobService jobs, ActiveModel model, AnswerProviders answers) : IJobBackend
{
    public async Task<JobInfo> StartAsync(string kind, IReadOnlyList<int> libraryIds, CancellationToken cancellationToken = default)
    {
        if (!JobKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Unknown job kind '{kind}'.", nameof(kind));
        }

        if (JobKinds.IsCaptions(kind))
        {
            // Refused here rather than queued to fail: the admin learns at once what to configure.
            if (AnswerProviders.WhyOff(answers.Captioning) is { } why)
            {
                throw new ArgumentException($"{kind} needs captioning: {why}", nameof(kind));
            }

            if (libraryIds.Count > 0)
            {
                throw new ArgumentException($"{kind} captions the whole catalog; leave libraryIds empty.", nameof(libraryIds));
            }
        }

        if (libraryIds.Count == 0)
        {
            var started = await jobs.StartAsync(kind, model.Name, cancellationToken: cancellationToken);
            return await ToInfoAsync(started[0], cancellationToken);
        }

        IndexJobInfo? first = null;
        foreach (var id in libraryIds)
        {
            first ??= await jobs.TryStartAsync(kind, id, model.Name, cancellationToken)
                ?? throw new InvalidOperationException($"A job for library {id} is still active; cancel it or wait for it to finish.");
        }

        return await ToInfoAsync(first!, cancellationToken);
    }

    public async Task<JobInfo?> IndexNewLibraryAsync(int libraryId, CancellationToken cancellationToken = default) =>
        await jobs.TryStartAsync(IndexJobKinds.Scan, libraryId, model.Name, cancellationToken) is { } job ? await ToInfoAsync(job, cancellationToken) : null;

    public async Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = await jobs.ListAsync(cancellationToken: cancellationToken);
        var ids = await jobs.LibraryIdsAsync(cancellationToken);
        return [.. list.Select(j => ToInfo(j, ids))];
    }

    public async Task<JobInfo?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        await jobs.GetAsync(id, cancellationToken) is { } job ? await ToInfoAsync(job, cancellationToken) : null;

    public async Task<bool> StopAsync(long id, bool pause, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = pause ? await jobs.PauseAsync(id, cancellationToken) : await jobs.CancelAsync(id, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            return false;
        }
    }

    public async Task<JobInfo?> ResumeAsync(long id, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ToInfoAsync(await jobs.ResumeAsync(id, cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            return null;
        }
    }

    private async Task<JobInfo> ToInfoAsync(IndexJobInfo job, CancellationToken cancellationToken) => ToInfo(job, await jobs.LibraryIdsAsync(cancellationToken));

    private static JobInfo ToInfo(IndexJobInfo job, IReadOnlyDictionary<string, int> libraryIds)
    {
        var percent = job.State == IndexJobStates.Succeeded ? 100 : job.Total > 0 ? Math.Round(Math.Min(99.9, 100.0 * job.Done / job.Total), 1) : 0;
        int[] libraries = job.Library is { } name && libraryIds.TryGetValue(name, out var id) ? [id] : [];
        return new JobInfo(job.Id, job.Kind, libraries, job.State, null, job.Done, job.Total, job.Failed, percent, job.Done, job.Message, job.CreatedAt, job.FinishedAt);
    }
}
