using System.ComponentModel.DataAnnotations;

namespace VlSearch.Web;

/// <summary>Settings of the web app, bound from the <c>Web</c> section.</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string SectionName = "Web";

    /// <summary>Shortest key accepted in <see cref="AdminKey"/> and <see cref="ApiKeys"/>: shorter ones can be guessed.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>Keys developers send in the <c>X-Api-Key</c> header.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// Key that unlocks the admin pages and admin API. When empty, one is generated at first start and kept in
    /// <c>&lt;data&gt;/web-admin.key</c>.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>When true, search and photo routes need an API key or an admin login too (open by default).</summary>
    public bool RequireApiKey { get; set; }

    /// <summary>Largest accepted upload for search by image, in bytes.</summary>
    [Range(1024, 1L << 31)]
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// When true, the app may listen on a non-loopback address with search open to anyone (<see cref="RequireApiKey"/>
    /// false); it then warns at start. When false, such a start is refused.
    /// </summary>
    public bool AllowAnonymousNetwork { get; set; }

    /// <summary>Requests per minute of the API allowed for one identity (API key or admin sign-in), else one client address.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Requests per minute from one client address, all paths, counted before any key is checked.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerMinutePerAddress { get; set; } = 3000;

    /// <summary>
    /// Failed key attempts (unknown <c>X-Api-Key</c>, wrong admin key at <c>/login</c>) per minute from one client
    /// address; past it, requests with a key and sign-ins from that address get 429 until the minute is over.
    /// </summary>
    [Range(1, 100_000)]
    public int FailedKeyAttemptsPerMinute { get; set; } = 10;

    /// <summary>Live pages (Blazor circuits) open at once from one client address.</summary>
    [Range(1, 100_000)]
    public int CircuitsPerAddress { get; set; } = 20;

    /// <summary>
    /// Addresses of reverse proxies whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed; from anyone
    /// else those headers are ignored. Empty by default.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>
    /// Full server paths in API responses for callers that are not admins: true always, false never (the file name
    /// only), unset (default) only for callers on this machine (loopback).
    /// </summary>
    public bool? ExposePaths { get; set; }

    /// <summary>
    /// GPS coordinates in API responses for callers that are not admins: true always, false never, unset (default)
    /// only for callers on this machine (loopback).
    /// </summary>
    public bool? ExposeLocation { get; set; }

    /// <summary>Absolute lifetime of an admin sign-in, in hours; it is not extended by activity.</summary>
    [Range(0.05, 24 * 30)]
    public double AdminSessionHours { get; set; } = 8;

    /// <summary>
    /// Largest width × height an uploaded image may declare; larger uploads are refused from their header, before
    /// any pixel memory is taken. Lower than the indexer's <c>Decoder:MaxPixels</c> because anyone may upload.
    /// </summary>
    [Range(1, 1_000_000_000)]
    public long UploadMaxPixels { get; set; } = 40_000_000;

    /// <summary>Time one upload may take to decode, in seconds.</summary>
    [Range(0.1, 600)]
    public double UploadDecodeSeconds { get; set; } = 5;

    /// <summary>Uploads decoded and embedded at once; 0 means half the cores (at least one).</summary>
    [Range(0, 256)]
    public int UploadConcurrency { get; set; }

    /// <summary>Uploads that may wait for a decode slot; past it an upload is answered 503 with <c>Retry-After</c>.</summary>
    [Range(0, 10_000)]
    public int UploadQueueLength { get; set; } = 16;

    /// <summary>
    /// The thumbnail sizes (longer side, 32–4096 pixels) that are made; when unset 64, 128, 256, 512, 1024 and 2048.
    /// <see cref="ThumbnailSize"/> and <see cref="PreviewSize"/> are always among them. A request for another size
    /// gets the next larger one (the largest when none is larger), so a caller cannot fill the cache with one
    /// thumbnail per size.
    /// </summary>
    public int[]? ThumbnailSizes { get; set; }

    /// <summary>Thumbnails that may wait to be made; past it a request is answered 503 with <c>Retry-After</c>.</summary>
    [Range(0, 100_000)]
    public int ThumbnailQueueLength { get; set; } = 256;

    /// <summary>Longer side of grid thumbnails, in pixels.</summary>
    [Range(32, 2048)]
    public int ThumbnailSize { get; set; } = 256;

    /// <summary>
    /// Largest size of the thumbnail folder, in megabytes; past it the least recently viewed thumbnails are deleted
    /// (they are made again when needed). 0 means no limit.
    /// </summary>
    [Range(0, 10_000_000)]
    public long ThumbnailCacheMegabytes { get; set; } = 2048;

    /// <summary>Longer side of the preview on the photo page, in pixels.</summary>
    [Range(32, 4096)]
    public int PreviewSize { get; set; } = 1280;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(AdminKey) && AdminKey.Trim().Length < MinimumKeyLength)
        {
            yield return new ValidationResult(
                $"Web:AdminKey is {AdminKey.Trim().Length} characters long; use at least {MinimumKeyLength} (e.g. `openssl rand -hex 24`), or leave it unset to have one generated.",
                [nameof(AdminKey)]);
        }

        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (ApiKeys[i].Key.Length < MinimumKeyLength)
            {
                yield return new ValidationResult(
                    $"Web:ApiKeys:{i}:Key ({ApiKeys[i].Name}) is {ApiKeys[i].Key.Length} characters long; use at least {MinimumKeyLength} (e.g. `openssl rand -hex 24`).",
                    [nameof(ApiKeys)]);
            }
        }

        foreach (var proxy in KnownProxies)
        {
            if (!System.Net.IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"Web:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
            }
        }

        if (ThumbnailSizes is { } sizes && (sizes.Length > 16 || sizes.Any(s => s is < 32 or > 4096)))
        {
            yield return new ValidationResult("Web:ThumbnailSizes takes at most 16 sizes, each from 32 to 4096 pixels.", [nameof(ThumbnailSizes)]);
        }
    }
}
