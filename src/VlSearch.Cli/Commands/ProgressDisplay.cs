using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using VlSearch.Indexing;

namespace VlSearch.Cli.Commands;

/// <summary>Shows indexing progress on stderr, so stdout stays clean for <c>--json</c>.</summary>
public static class ProgressDisplay
{
    // One line per report: no indentation, unlike the --json results on stdout.
    private static readonly JsonSerializerOptions JsonLine = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A console on standard error.</summary>
    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <param name="title">What is running, e.g. "Indexing Pictures".</param>
    /// <param name="work">The work, reporting to the progress it is given.</param>
    /// <param name="json">
    /// Report as one JSON object per line (<c>{"task":…,"phase":"embedding","done":256,"total":1500,"failed":0}</c>)
    /// so scripts can follow a run; the same moments as the plain lines are reported.
    /// </param>
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<IndexProgress>, Task<T>> work, bool json = false)
    {
        if (json || Console.IsErrorRedirected)
        {
            // Logs and CI: one line per phase change and every ~10% instead of a redrawn bar, and never ten seconds
            // without a line.
            var last = (Phase: (IndexPhase?)null, Tenth: -1L);
            using var printer = new ProgressLines(Console.Error);
            var lines = new Progress<IndexProgress>(p =>
            {
                var tenth = p.Total > 0 ? p.Done * 10 / p.Total : 0;
                var notable = p.Phase != last.Phase || tenth != last.Tenth;
                last = (p.Phase, tenth);
                printer.Report(
                    json
                        ? JsonSerializer.Serialize(new { task = title, phase = p.Phase.ToString().ToLowerInvariant(), done = p.Done, total = p.Total, failed = p.Failed }, JsonLine)
                        : $"{title}: {p.Phase.ToString().ToLowerInvariant()} {p.Done}{(p.Total > 0 ? $"/{p.Total}" : "")}{(p.Failed > 0 ? $", {p.Failed} failed" : "")}",
                    notable);
            });
            return await work(lines);
        }

        T result = default!;
        await Error.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                var progress = new SyncProgress(p =>
                {
                    task.Description = Markup.Escape($"{title}: {p.Phase.ToString().ToLowerInvariant()}{(p.Failed > 0 ? $" ({p.Failed} failed)" : "")}");
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = Math.Min(p.Done, task.MaxValue);
                    if (p.Phase == IndexPhase.Done)
                    {
                        task.Value = task.MaxValue;
                    }
                });
                result = await work(progress);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Reports on the caller's thread; Spectre's live display tolerates that and it keeps ordering.</summary>
    private sealed class SyncProgress(Action<IndexProgress> report) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value) => report(value);
    }
}
