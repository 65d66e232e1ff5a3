using System.Globalization;

namespace VlSearch.Hosting;

/// <summary>
/// The whole machine's CPU time so far, from the first line of Linux's <c>/proc/stat</c>: what every process and, on a
/// virtual machine, the hypervisor's other guests (steal) took, and what stayed idle. Two samples around a benchmark
/// run say how much of the cores other work held while it ran, which a rate compared with "cores ÷ CPU per photo"
/// otherwise reads as the benchmark's own shortfall.
/// </summary>
/// <param name="BusyTicks">user + nice + system + irq + softirq + steal, in clock ticks.</param>
/// <param name="TotalTicks">Busy plus idle and iowait.</param>
public sealed record MachineCpuSample(long BusyTicks, long TotalTicks)
{
    /// <summary>
    /// Clock ticks per second of <c>/proc/stat</c>: USER_HZ, which the kernel fixes at 100 for every architecture's
    /// user-space interface.
    /// </summary>
    public const int TicksPerSecond = 100;

    /// <summary>Reads the current sample; null where there is no <c>/proc/stat</c> (not Linux) or it cannot be read.</summary>
    public static MachineCpuSample? Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader("/proc/stat");
            return Parse(reader.ReadLine());
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses the aggregate "cpu" line; null when it is not one.</summary>
    public static MachineCpuSample? Parse(string? line)
    {
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is null || fields.Length < 5 || fields[0] != "cpu")
        {
            return null;
        }

        var ticks = new long[8];
        for (var i = 0; i < ticks.Length && i + 1 < fields.Length; i++)
        {
            if (!long.TryParse(fields[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out ticks[i]))
            {
                return null;
            }
        }

        // user nice system idle iowait irq softirq steal; guest time is already inside user and nice.
        var busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
        return new MachineCpuSample(busy, busy + ticks[3] + ticks[4]);
    }

    /// <summary>
    /// The share of the machine's CPU time between <paramref name="before"/> and <paramref name="after"/> that went to
    /// anything but this process, which spent <paramref name="ownCpuSeconds"/> in between; in [0, 1], 0 when the
    /// samples span no time.
    /// </summary>
    public static double OthersShare(MachineCpuSample before, MachineCpuSample after, double ownCpuSeconds)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var total = after.TotalTicks - before.TotalTicks;
        if (total <= 0)
        {
            return 0;
        }

        var others = after.BusyTicks - before.BusyTicks - (ownCpuSeconds * TicksPerSecond);
        return Math.Clamp(others / total, 0, 1);
    }
}
