using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Starts, lists and controls indexing jobs for the admin pages and API, whoever runs them.</summary>
public interface IJobBackend
{
    /// <summary>Starts a job of <paramref name="kind"/> (<see cref="JobKinds"/>) over some libraries (every library when empty).</summary>
    /// <exception cref="ArgumentException">Unknown kind.</exception>
    /// <exception cref="InvalidOperationException">A job for the same library is already active.</exception>
    Task<JobInfo> StartAsync(string kind, IReadOnlyList<int> libraryIds, CancellationToken cancellationToken = default);

    /// <summary>Queues the first indexing of a library just added.</summary>
    Task<JobInfo?> IndexNewLibraryAsync(int libraryId, CancellationToken cancellationToken = default);

    /// <summary>Jobs, newest first.</summary>
    Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default);

    Task<JobInfo?> GetAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Pauses or cancels a queued or running job; false when there is none with that id.</summary>
    Task<bool> StopAsync(long id, bool pause, CancellationToken cancellationToken = default);

    /// <summary>Continues a stopped job; null when there is none to resume.</summary>
    Task<JobInfo?> ResumeAsync(long id, CancellationToken cancellationToken = default);
}
