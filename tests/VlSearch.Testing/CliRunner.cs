using System.Diagnostics;
using System.Text.Json;

namespace VlSearch.Testing;

/// <summary>Runs the real <c>vlsearch</c> program in a child process against a data folder of the test's own.</summary>
public sealed class CliRunner(string dataDirectory)
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "vlsearch.dll");

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Extra environment of every run, e.g. configuration as <c>VLSEARCH_Section__Key</c>.</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>The folder the program starts in; the test process's own when null.</summary>
    public string? WorkingDirectory { get; init; }

    public sealed record Result(int ExitCode, string Stdout, string Stderr, long PeakMemoryBytes)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;
    }

    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Program);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (WorkingDirectory is not null)
        {
            info.WorkingDirectory = WorkingDirectory;
        }

        info.Environment["VLSEARCH_DATA"] = DataDirectory;
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Starts a run whose output the test can watch while it runs.</summary>
    public CliProcess StartWatched(params string[] args) => new(Start(args));

    public async Task<Result> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (!process.HasExited)
        {
            // VmHWM only grows, so the last reading before exit is the peak up to that moment.
            peak = Math.Max(peak, ReadPeakMemory(process.Id));
            try
            {
                await process.WaitForExitAsync(timeout.Token).WaitAsync(TimeSpan.FromMilliseconds(100));
            }
            catch (TimeoutException)
            {
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr, peak);
    }

    /// <summary>Peak resident memory of a live process (Linux), 0 when unknown.</summary>
    public static long ReadPeakMemory(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
