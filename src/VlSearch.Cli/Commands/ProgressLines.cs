namespace VlSearch.Cli.Commands;

/// <summary>
/// Progress as plain lines, for output that is not a terminal (logs, CI): each change worth a line is printed, and
/// when nothing was printed for <see cref="Interval"/> the latest state is printed again with the time elapsed, so a
/// long stage that reports rarely is never silent for longer than that.
/// </summary>
public sealed class ProgressLines : IDisposable
{
    /// <summary>The longest silence.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly TextWriter output;
    private readonly TimeProvider time;
    private readonly ITimer timer;
    private readonly long started;
    private readonly Lock gate = new();
    private string? latest;
    private long lastPrinted;

    /// <param name="output">Where lines go (standard error for commands whose stdout carries results).</param>
    /// <param name="time">The clock; tests pass a fake one.</param>
    public ProgressLines(TextWriter output, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
        this.time = time ?? TimeProvider.System;
        started = lastPrinted = this.time.GetTimestamp();
        timer = this.time.CreateTimer(_ => Heartbeat(), null, Interval, Interval);
    }

    /// <summary>
    /// Records the current state; prints it now when <paramref name="notable"/> (a new phase, another tenth done)
    /// or when the last line is older than <see cref="Interval"/>.
    /// </summary>
    public void Report(string line, bool notable)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (gate)
        {
            latest = line;
            if (notable || time.GetElapsedTime(lastPrinted) >= Interval)
            {
                Print(line);
            }
        }
    }

    public void Dispose() => timer.Dispose();

    private void Heartbeat()
    {
        lock (gate)
        {
            if (latest is not null && time.GetElapsedTime(lastPrinted) >= Interval)
            {
                Print($"{latest} ({time.GetElapsedTime(started).TotalSeconds:0} s)");
            }
        }
    }

    private void Print(string line)
    {
        output.WriteLine(line);
        output.Flush();
        lastPrinted = time.GetTimestamp();
    }
}
