using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace VlSearch.ModelHub.Tests;

/// <summary>
/// A Hugging Face shaped file server on 127.0.0.1 (<c>/{repo}/resolve/{revision}/{path}</c>) that honours
/// <c>Range: bytes=N-</c> and can misbehave on purpose: drop a connection after some bytes or serve wrong bytes.
/// </summary>
internal sealed class HubServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Bytes, int Times)> _drops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _substitutes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Method, string Path, string? Range)> _requests = new();
    private readonly ConcurrentQueue<string?> _authorizations = new();
    private readonly ConcurrentDictionary<string, bool> _chunked = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public HubServer(string prefix = "")
    {
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}{prefix}";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Base address to put in <see cref="ModelHubOptions.Endpoint"/>.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<(string Method, string Path, string? Range)> Requests => _requests.ToList();

    /// <summary>The Authorization header of every request, in order (null where there was none).</summary>
    public IReadOnlyList<string?> Authorizations => _authorizations.ToList();

    private string PathPrefix => new Uri(Endpoint).AbsolutePath.TrimEnd('/');

    /// <summary>Serves every file of <paramref name="directory"/> as <c>{repo}@{revision}</c>.</summary>
    public void AddRepository(string repo, string revision, string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            _files[FilePath(repo, revision, relative)] = File.ReadAllBytes(file);
        }
    }

    public string FilePath(string repo, string revision, string file) => $"{PathPrefix}/{repo}/resolve/{revision}/{file}";

    /// <summary>The next <paramref name="times"/> GETs of the file send its full length in the headers, then only <paramref name="bytes"/> bytes.</summary>
    public void DropAfter(string path, long bytes, int times = 1) => _drops[path] = (bytes, times);

    /// <summary>Serves <paramref name="content"/> instead of the real file.</summary>
    public void Substitute(string path, byte[] content) => _substitutes[path] = content;

    public void Remove(string path) => _files.TryRemove(path, out _);

    /// <summary>Sends the file chunked, without announcing its length (as some proxies do).</summary>
    public void SendChunked(string path) => _chunked[path] = true;

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with an exception when the listener closes.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        var range = request.Headers["Range"];
        _requests.Enqueue((request.HttpMethod, path, range));
        _authorizations.Enqueue(request.Headers["Authorization"]);
        try
        {
            if (!_files.TryGetValue(path, out var content))
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }

            if (_substitutes.TryGetValue(path, out var substitute))
            {
                content = substitute;
            }

            long start = 0;
            if (range is not null)
            {
                start = long.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
                if (start >= content.Length)
                {
                    response.StatusCode = 416;
                    response.Headers["Content-Range"] = $"bytes */{content.Length}";
                    response.Close();
                    return;
                }

                response.StatusCode = 206;
                response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
            }

            if (_chunked.ContainsKey(path))
            {
                response.SendChunked = true;
            }
            else
            {
                response.ContentLength64 = content.Length - start;
            }

            if (request.HttpMethod == "HEAD")
            {
                response.Close();
                return;
            }

            var body = content.AsMemory((int)start);
            if (_drops.TryGetValue(path, out var drop) && drop.Times > 0)
            {
                _drops[path] = (drop.Bytes, drop.Times - 1);
                await response.OutputStream.WriteAsync(body[..(int)(drop.Bytes - start)]);
                await response.OutputStream.FlushAsync();
                await Task.Delay(100);
                response.Abort();
                return;
            }

            await response.OutputStream.WriteAsync(body);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            response.Abort();
        }
    }
}
