namespace VlSearch.Jobs;

/// <summary>
/// Writes a job's progress reports to its row in the order they were made, one write at a time, and lets the job wait
/// for the last write before its final counts. Reports posted through <see cref="Progress{T}"/> run on the thread pool
/// in no set order, so on a fast run the first "0 done" could land after the final update and overwrite it.
/// </summary>
/// <typeparam name="T">The report type.</typeparam>
/// <param name="write">Writes one report (total, done) to the job row.</param>
/// <param name="counts">The total and done counts a report carries.</param>
internal sealed class OrderedJobProgress<T>(Func<long, long, Task> write, Func<T, (long Total, long Done)> counts) : IProgress<T>
{
    private readonly Lock gate = new();
    private Task tail = Task.CompletedTask;

    /// <inheritdoc />
    public void Report(T value)
    {
        var (total, done) = counts(value);
        lock (gate)
        {
            tail = tail.ContinueWith(_ => WriteAsync(total, done), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Progress is advisory: a write that fails is dropped, and the job's final update carries the truth.</summary>
    private async Task WriteAsync(long total, long done)
    {
        try
        {
            await write(total, done);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
        }
    }

    /// <summary>Completes when every report made so far is written.</summary>
    public Task FlushAsync()
    {
        lock (gate)
        {
            return tail;
        }
    }
}
