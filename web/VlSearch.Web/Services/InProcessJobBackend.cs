using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Jobs run by this process (<see cref="InProcessJobRunner"/>): the embedded, single-process setup.</summary>
public sealed class InProcessJobBackend(InProcessJobRunner runner) : IJobBackend
{
    public Task<JobInfo> StartAsync(string kind, IReadOnlyList<int> libraryIds, CancellationToken cancellationToken = default) =>
        Task.FromResult(runner.Start(kind, libraryIds));

    public Task<JobInfo?> IndexNewLibraryAsync(int libraryId, CancellationToken cancellationToken = default) =>
        Task.FromResult<JobInfo?>(runner.Start(JobKinds.ReindexMissing, [libraryId]));

    public Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult(runner.List());

    public Task<JobInfo?> GetAsync(long id, CancellationToken cancellationToken = default) => Task.FromResult(runner.Get(id));

    public Task<bool> StopAsync(long id, bool pause, CancellationToken cancellationToken = default) => Task.FromResult(runner.Stop(id, pause));

    public Task<JobInfo?> ResumeAsync(long id, CancellationToken cancellationToken = default) => Task.FromResult(runner.Resume(id));
}
