using System.Diagnostics;

namespace VlSearch.Imaging;

/// <summary>
/// The time one file may take to decode, plus the caller's cancellation. The deadline is checked against the clock
/// on every read as well as through a timer, because under heavy load a timer callback can arrive long after the
/// deadline — after the whole decode has run.
/// </summary>
internal sealed class DecodeBudget : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly long deadline;

    public DecodeBudget(TimeSpan timeout, CancellationToken callerToken)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        deadline = timeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(timeout);
        }
    }

    public CancellationToken Token => source.Token;

    /// <summary>True once the caller cancelled or the deadline passed; cancels <see cref="Token"/> in the latter case.</summary>
    public bool Expired
    {
        get
        {
            if (!source.IsCancellationRequested && Stopwatch.GetTimestamp() > deadline)
            {
                source.Cancel();
            }

            return source.IsCancellationRequested;
        }
    }

    public void Dispose() => source.Dispose();
}
