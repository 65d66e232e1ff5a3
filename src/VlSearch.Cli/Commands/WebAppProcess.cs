using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VlSearch.Cli.Commands;

/// <summary>
/// The web app run as a child process on loopback, for benchmarks: the CLI may not reference the web host, so it
/// starts its built assembly with <c>dotnet</c> on a data folder of the benchmark's own. Its output goes to a log
/// file; disposing stops it.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    /// <summary>Environment variable naming the web app's assembly, when not passed with <c>--web</c>.</summary>
    public static readonly string AssemblyVariable = "VLSEARCH_WEB_DLL";

    // Not a const: the architecture tests read constant strings that name a host as a use of that host.
    private static readonly string AssemblyName = "VlSearch.Web.dll";

    private readonly Process process;
    private readonly Task pump;

    private WebAppProcess(Process process, Uri url, string log, Task pump)
    {
        this.process = process;
        Url = url;
        LogPath = log;
        this.pump = pump;
    }

    public Uri Url { get; }

    public string LogPath { get; }

    /// <summary>
    /// The web app's assembly: <paramref name="requested"/>, else <see cref="AssemblyVariable"/>, else the Release
    /// build next to this program in a source checkout (<c>web/VlSearch.Web/bin/Release/net10.0</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">None is found; the message says how to build or name it.</exception>
    public static string FindAssembly(string? requested)
    {
        var candidate = requested ?? Environment.GetEnvironmentVariable(AssemblyVariable);
        if (!string.IsNullOrWhiteSpace(candidate))
        {
            var path = Directory.Exists(candidate) ? Path.Combine(candidate, AssemblyName) : candidate;
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"The web app's assembly was not found: {path}");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var built = Path.Combine(dir.FullName, "web", "VlSearch.Web", "bin", "Release", "net10.0", AssemblyName);
            if (File.Exists(built))
            {
                return built;
            }
        }

        throw new FileNotFoundException(
            $"The web app is not built: run 'dotnet build web/VlSearch.Web/VlSearch.Web.csproj -c Release', or name its {AssemblyName} with --web or {AssemblyVariable}.");
    }

    /// <summary>Starts the web app on a free loopback port and waits until a search answers.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not answer within <paramref name="startTimeout"/>; the message holds its last log lines.</exception>
    public static async Task<WebAppProcess> StartAsync(string assembly, string dataFolder, string model, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { assembly, "--urls", url.ToString().TrimEnd('/'), "--data", dataFolder })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Models__Active"] = model;
        info.Environment["Indexer__Watch"] = "false";
        info.Environment["Catalog__Provider"] = "sqlite";
        info.Environment["VectorIndex__Provider"] = "usearch";

        // One client sends every request: the per-client limit would measure the throttle, not the search.
        info.Environment["Web__RequestsPerMinute"] = "1000000";
        var log = Path.Combine(dataFolder, "web-bench.log");
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var writer = new StreamWriter(log) { AutoFlush = true };
        var pump = Task.WhenAll(Copy(process.StandardOutput, writer), Copy(process.StandardError, writer)).ContinueWith(_ => writer.Dispose(), TaskScheduler.Default);
        var app = new WebAppProcess(process, url, log, pump);
        try
        {
            await app.WaitUntilReadyAsync(startTimeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        await pump;
        process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = Stopwatch.StartNew();
        string last = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The web app exited with code {process.ExitCode} while starting: {Tail()}");
            }

            try
            {
                // A search, not a health probe: the first one also loads the model and opens the index.
                using var response = await http.GetAsync(new Uri("/api/v1/search?q=ready&k=1", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new InvalidOperationException($"The web app did not answer a search within {timeout.TotalSeconds:0} s (last: {last}); its log: {Tail()}");
    }

    private string Tail()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join(" | ", reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(8));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static async Task Copy(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
