using System.ComponentModel;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace VlSearch.Cli.Commands;

/// <summary>
/// <c>vlsearch bench startup</c>: the wall time of whole commands as a person runs them, process start included —
/// the first indexing of a library, re-indexing it unchanged, and <c>status</c> — each in a child process on a
/// throwaway data folder, as JSON.
/// </summary>
[Description("Benchmark whole commands in child processes: first index, unchanged re-index, status (JSON).")]
public sealed class BenchStartupCommand : AsyncCommand<BenchStartupCommand.Settings>
{
    public sealed class Settings : GlobalSettings
    {
        [CommandOption("-n|--count <N>")]
        [Description("Photo-sized JPEGs (2048×1536) to generate when --photos is not given.")]
        [DefaultValue(1000)]
        public int Count { get; init; } = 1000;

        [CommandOption("--photos <DIR>")]
        [Description("Index this folder instead of generated photos (it is only read).")]
        public string? Photos { get; init; }

        [CommandOption("--runs <R>")]
        [Description("Times the unchanged re-index and status are run; the median is reported.")]
        [DefaultValue(5)]
        public int Runs { get; init; } = 5;

        public override ValidationResult Validate() =>
            Count < 1 || Runs < 1
                ? ValidationResult.Error("--count and --runs must be positive.")
                : Photos is not null && !Directory.Exists(Photos)
                    ? ValidationResult.Error($"Folder not found: {Photos}")
                    : base.Validate();
    }

    /// <summary>Wall seconds of one kind of run.</summary>
    public sealed record Timing(double Median, double Min, double Max, IReadOnlyList<double> Runs);

    public sealed record Report(string Library, int Files, double FirstIndexSeconds, Timing UnchangedReindex, double ReindexShareOfFirst, Timing Status);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var work = Path.Combine(Path.GetTempPath(), "vlsearch-bench-startup-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var library = settings.Photos ?? Path.Combine(work, "photos");
            if (settings.Photos is null)
            {
                Directory.CreateDirectory(library);
                Console.Error.WriteLine($"Writing {settings.Count} photo-sized JPEGs...");
                BenchPhotos.Write(library, settings.Count, cancellationToken);
            }

            var data = Path.Combine(work, "data");
            string[] common = settings.Model is null ? ["--data", data] : ["--data", data, "--model", settings.Model];
            var first = await TimeAsync(["index", library, .. common], cancellationToken);
            var reindex = new List<double>();
            var status = new List<double>();
            for (var i = 0; i < settings.Runs; i++)
            {
                reindex.Add(await TimeAsync(["index", library, .. common], cancellationToken));
                status.Add(await TimeAsync(["status", "--data", data], cancellationToken));
            }

            var files = Directory.EnumerateFiles(library, "*", SearchOption.AllDirectories).Count();
            var unchanged = Summarize(reindex);
            CliJson.Write(new Report(library, files, Math.Round(first, 3), unchanged, Math.Round(unchanged.Median / first, 4), Summarize(status)));
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static Timing Summarize(List<double> runs)
    {
        var sorted = runs.Order().ToList();
        return new Timing(Math.Round(sorted[sorted.Count / 2], 3), Math.Round(sorted[0], 3), Math.Round(sorted[^1], 3), [.. runs.Select(r => Math.Round(r, 3))]);
    }

    /// <summary>Runs this program again with <paramref name="arguments"/> and returns its wall time; a failure ends the benchmark.</summary>
    private static async Task<double> TimeAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Run as `dotnet vlsearch.dll`, the program is the runtime and the first argument the application.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(BenchStartupCommand).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a child process.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`vlsearch {string.Join(' ', arguments)}` failed ({process.ExitCode}): {(await errors).Trim()}");
        }

        return seconds;
    }
}
