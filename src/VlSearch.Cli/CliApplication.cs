using Spectre.Console.Cli;

namespace VlSearch.Cli;

/// <summary>Runs the command line: parses, executes, and turns failures into one-line messages and exit codes.</summary>
public static class CliApplication
{
    /// <summary>Exit code for bad input (arguments, files, queries, configuration).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl+C, as shells expect.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Accepts <c>--n</c> as a spelling of <c>-n</c>: the parser requires long names of two letters or more, and
    /// <c>bench index --n 1000000</c> is how the benchmark is documented.
    /// </summary>
    /// <remarks>Also moves global options written before the command behind it (<see cref="GlobalOptionPlacement"/>).</remarks>
    public static string[] NormalizeArguments(string[] args) =>
        GlobalOptionPlacement.MoveAfterCommand(
            [.. args.Select(a => a == "--n" ? "-n" : a.StartsWith("--n=", StringComparison.Ordinal) ? "-n=" + a[4..] : a)]);

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops cleanly (work so far is saved); a second one ends the process at once.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("Stopping after the current batch... (Ctrl+C again to kill)");
                cancellation.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var app = new CommandApp();
            app.Configure(config => config.AddVlSearchCommands());
            return await app.RunAsync(NormalizeArguments(args), cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped. Everything finished so far is saved; run the same command again to continue.");
            return Cancelled;
        }
        catch (Exception e)
        {
            var (code, message) = CliErrors.Describe(e);
            Console.Error.WriteLine($"error: {message}");
            if (Environment.GetEnvironmentVariable("VLSEARCH_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return code;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
