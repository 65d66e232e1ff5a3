using System.Diagnostics;
using System.Text;

namespace VlSearch.Testing;

/// <summary>
/// A running <c>vlsearch</c> whose output is collected as it arrives, so a test can act at a point the program
/// reports (a progress line) rather than guess one from timing or file sizes.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<string> stderrLines = [];
    private readonly StringBuilder stdout = new();
    private readonly Task readers;

    public CliProcess(Process process)
    {
        Process = process ?? throw new ArgumentNullException(nameof(process));
        readers = Task.WhenAll(Collect(process.StandardError, line => stderrLines.Add(line)), Collect(process.StandardOutput, line => stdout.AppendLine(line)));
    }

    public Process Process { get; }

    public bool HasExited => Process.HasExited;

    /// <summary>Standard error so far, one entry per line.</summary>
    public IReadOnlyList<string> StderrLines
    {
        get
        {
            lock (gate)
            {
                return [.. stderrLines];
            }
        }
    }

    /// <summary>
    /// Waits for the first stderr line <paramref name="match"/> accepts and returns it; fails with the output so
    /// far when the process ends first or the deadline passes.
    /// </summary>
    public async Task<string> WaitForStderrLineAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        string? found = null;
        var ended = false;
        await Poll.UntilAsync(
            () =>
            {
                // Read the exit state before the lines: a line written just before exit is then never missed.
                ended = Process.HasExited && readers.IsCompleted;
                found = StderrLines.FirstOrDefault(match);
                return found is not null || ended;
            },
            what,
            timeout);
        return found ?? throw new InvalidOperationException(
            $"vlsearch exited ({Process.ExitCode}) before {what}; stderr:\n{string.Join('\n', StderrLines)}");
    }

    /// <summary>Waits for the process to end and all its output to be read.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitForExitAsync()
    {
        await Process.WaitForExitAsync();
        await readers;
        lock (gate)
        {
            return (Process.ExitCode, stdout.ToString(), string.Join('\n', stderrLines));
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private async Task Collect(StreamReader reader, Action<string> add)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (gate)
            {
                add(line);
            }
        }
    }
}
