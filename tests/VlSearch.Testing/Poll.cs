using System.Diagnostics;

namespace VlSearch.Testing;

/// <summary>
/// Waits for a condition the test can observe instead of sleeping a fixed time: fast machines go on at once,
/// loaded ones get until the deadline, and a timeout says what never happened.
/// </summary>
public static class Poll
{
    /// <summary>How long a test waits for something that should happen "soon" unless it says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"timed out after {clock.Elapsed.TotalSeconds:0.0} s waiting for {what}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Returns the first non-null value <paramref name="probe"/> gives; throws after the deadline.</summary>
    public static async Task<T> UntilAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        T? value = null;
        await UntilAsync(() => (value = probe()) is not null, what, timeout);
        return value!;
    }

    /// <summary>The blocking form, for synchronous tests.</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"timed out after {clock.Elapsed.TotalSeconds:0.0} s waiting for {what}");
            }

            Thread.Sleep(1);
        }
    }
}
