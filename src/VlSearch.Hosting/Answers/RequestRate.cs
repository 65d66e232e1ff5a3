namespace VlSearch.Hosting.Answers;

/// <summary>A per-minute budget of provider requests (a sliding window of start times), shared by all callers of one capability.</summary>
public sealed class RequestRate(int perMinute, TimeProvider? clock = null)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _starts = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _gate = new();

    public int PerMinute { get; } = perMinute;

    /// <summary>Takes one request from the budget; false with how long until one frees where the minute's budget is spent.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            while (_starts.Count > 0 && now - _starts.Peek() >= Window)
            {
                _starts.Dequeue();
            }

            if (_starts.Count >= PerMinute)
            {
                retryAfter = _starts.Peek() + Window - now;
                return false;
            }

            _starts.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
