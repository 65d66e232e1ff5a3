using System.Diagnostics;

namespace VlSearch.Hosting;

/// <summary>
/// Wall-clock and process CPU time (all threads) of a piece of work, for the benchmarks that compare a pipeline's
/// rate with the rate its measured CPU costs allow.
/// </summary>
internal static class ProcessClock
{
    public static async Task<(double Seconds, double CpuSeconds)> TimeAsync(Func<Task> work)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await work();
        clock.Stop();
        process.Refresh();
        return (clock.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
}
