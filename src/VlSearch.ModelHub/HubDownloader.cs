using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace VlSearch.ModelHub;

/// <summary>
/// Fetches single files from a Hugging Face compatible hub into a staging folder: resumes <c>.part</c> files with
/// HTTP Range, retries transient failures, and verifies sizes and SHA-256 digests. A download stops as soon as it
/// passes the pinned size, and the token goes only to https endpoints (never in clear text over http).
/// </summary>
internal sealed class HubDownloader
{
    private const int BufferSize = 1 << 16;
    private const long ReportEvery = 1 << 19;

    private readonly HttpClient _http;
    private readonly ModelHubOptions _options;

    public HubDownloader(HttpClient http, ModelHubOptions options)
    {
        _http = http;
        _options = options;
    }

    public Uri FileUri(string repo, string revision, string path)
    {
        var endpoint = _options.Endpoint.TrimEnd('/');
        var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var escapedRepo = string.Join('/', repo.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{endpoint}/{escapedRepo}/resolve/{Uri.EscapeDataString(revision)}/{escapedPath}");
    }

    /// <summary>
    /// Asks the hub for a file's size without downloading it. Returns -1 when the file does not exist and null when
    /// the size could not be learned (the download then finds out).
    /// </summary>
    public async Task<long?> ProbeSizeAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest(HttpMethod.Head, uri);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return -1;
            }

            return response.IsSuccessStatusCode ? response.Content.Headers.ContentLength : null;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// Downloads <paramref name="uri"/> to <paramref name="destination"/> through <c>destination.part</c>.
    /// Returns null when the file does not exist on the hub and <paramref name="optional"/> is set.
    /// </summary>
    public async Task<ModelManifestFile?> DownloadAsync(
        Uri uri,
        string repoPath,
        string destination,
        long? expectedSize,
        string? expectedSha256,
        bool optional,
        Action<long, long?> onProgress,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (File.Exists(destination))
        {
            // Completed by an earlier, interrupted pull: keep it if it still checks out.
            var existing = await VerifyAsync(destination, repoPath, expectedSize, expectedSha256, cancellationToken);
            if (existing is not null)
            {
                onProgress(existing.Size, existing.Size);
                return existing;
            }
        }

        var part = destination + ".part";
        var attempts = Math.Max(1, _options.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var complete = await DownloadOnceAsync(uri, repoPath, part, expectedSize, optional, onProgress, cancellationToken);
                if (!complete)
                {
                    return null;
                }

                break;
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                if (attempt >= attempts)
                {
                    throw new ModelHubException(
                        $"Downloading '{repoPath}' from {uri} failed after {attempt} attempt(s): {ex.Message} The partial file is kept; pull again to resume.",
                        ex);
                }

                await Task.Delay(_options.RetryDelay * Math.Pow(2, attempt - 1), cancellationToken);
            }
        }

        var verified = await VerifyAsync(part, repoPath, expectedSize, expectedSha256, cancellationToken)
            ?? throw new InvalidOperationException("Verification without a mismatch returned nothing.");
        File.Move(part, destination, overwrite: true);
        return verified;
    }

    private async Task<bool> DownloadOnceAsync(
        Uri uri,
        string repoPath,
        string part,
        long? expectedSize,
        bool optional,
        Action<long, long?> onProgress,
        CancellationToken cancellationToken)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (expectedSize is { } size && have > size)
        {
            File.Delete(part);
            have = 0;
        }

        using var request = CreateRequest(HttpMethod.Get, uri);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
        {
            var length = response.Content.Headers.ContentRange?.Length ?? expectedSize;
            if (length == have)
            {
                onProgress(have, have);
                return true;
            }

            // The partial file does not fit the remote one (it changed, or the part is garbage): start over.
            File.Delete(part);
            throw new IOException($"The hub refused to resume '{repoPath}' at byte {have}; restarting it.");
        }

        ThrowForStatus(response, uri, repoPath, optional, out var missing);
        if (missing)
        {
            return false;
        }

        var append = response.StatusCode == HttpStatusCode.PartialContent;
        long? total;
        if (append)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != have)
            {
                File.Delete(part);
                throw new IOException($"The hub answered a resume of '{repoPath}' at byte {have} with another range; restarting it.");
            }

            total = range.Length;
        }
        else
        {
            have = 0;
            total = response.Content.Headers.ContentLength;
        }

        if (expectedSize is { } known && total is { } announced && known != announced)
        {
            File.Delete(part);
            throw new ModelHubException(
                $"'{repoPath}' on the hub is {announced} bytes but the catalog expects {known}; the hub serves another file than the one recorded.");
        }

        total ??= expectedSize;
        onProgress(have, total);
        await using (var output = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
        await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var buffer = new byte[BufferSize];
            var sinceReport = 0L;
            while (true)
            {
                int read;
                using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    stall.CancelAfter(_options.StallTimeout);
                    try
                    {
                        read = await input.ReadAsync(buffer, stall.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"No data for '{repoPath}' in {_options.StallTimeout.TotalSeconds:0} s.");
                    }
                }

                if (read == 0)
                {
                    break;
                }

                if (expectedSize is { } pinned && have + read > pinned)
                {
                    // The hub sends more than the pinned file holds (it did not announce a length): stop reading now.
                    await output.DisposeAsync();
                    File.Delete(part);
                    throw new ModelHubException(
                        $"'{repoPath}' on the hub is more than the {pinned} bytes the catalog pins; the download was stopped and deleted.");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                have += read;
                sinceReport += read;
                if (sinceReport >= ReportEvery)
                {
                    sinceReport = 0;
                    onProgress(have, total);
                }
            }
        }

        if (total is { } expected && have != expected)
        {
            throw new IOException($"The connection closed after {have} of {expected} bytes of '{repoPath}'.");
        }

        onProgress(have, have);
        return true;
    }

    private static void ThrowForStatus(HttpResponseMessage response, Uri uri, string repoPath, bool optional, out bool missing)
    {
        missing = false;
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound when optional:
                missing = true;
                return;
            case HttpStatusCode.NotFound:
                throw new ModelHubException($"'{repoPath}' was not found at {uri} (HTTP 404).");
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                throw new ModelHubException(
                    $"The hub refused '{repoPath}' (HTTP {status}); the repository may be gated or private: set HF_TOKEN " +
                    $"(sent only to https endpoints{(uri.Scheme == Uri.UriSchemeHttps ? "" : $"; {uri.Scheme}://{uri.Authority} gets no token")}).");
            case HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout:
            case var _ when status >= 500:
                throw new HttpRequestException($"The hub answered HTTP {status} for '{repoPath}'.", null, response.StatusCode);
            default:
                throw new ModelHubException($"The hub answered HTTP {status} for {uri}.");
        }
    }

    /// <summary>Network trouble worth a retry; an HTTP client timeout surfaces as a cancellation nobody asked for.</summary>
    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        ex is HttpRequestException or IOException or TimeoutException or OperationCanceledException;

    /// <summary>
    /// Checks size and digest. On a mismatch the file is deleted; for a fresh download (a <c>.part</c> file) that is
    /// an error, while a completed leftover of an earlier pull returns null so that it is fetched again.
    /// </summary>
    private static async Task<ModelManifestFile?> VerifyAsync(
        string path,
        string repoPath,
        long? expectedSize,
        string? expectedSha256,
        CancellationToken cancellationToken)
    {
        var isLeftover = !path.EndsWith(".part", StringComparison.Ordinal);
        var size = new FileInfo(path).Length;
        if (expectedSize is { } expected && size != expected)
        {
            File.Delete(path);
            if (isLeftover)
            {
                return null;
            }

            throw new ModelHubException($"'{repoPath}' is {size} bytes but should be {expected}; the download was deleted.");
        }

        string digest;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true))
        {
            digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        if (expectedSha256 is not null && !string.Equals(digest, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(path);

            if (isLeftover)
            {
                return null;
            }

            throw new ModelHubException(
                $"'{repoPath}' failed its checksum (SHA-256 {digest}, expected {expectedSha256.ToLowerInvariant()}); the corrupted download was deleted and nothing was installed.");
        }

        return new ModelManifestFile(repoPath, size, digest);
    }

    /// <summary>A request carrying the token only over https: on plain http anyone on the path could read it.</summary>
    internal HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        if (!string.IsNullOrEmpty(_options.Token) && uri.Scheme == Uri.UriSchemeHttps)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        return request;
    }
}
