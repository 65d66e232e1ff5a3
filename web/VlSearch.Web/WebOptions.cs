using System.ComponentModel.DataAnnotations;

namespace VlSearch.Web;

/// <summary>Settings of the web app, bound from the <c>Web</c> section.</summary>
public sealed class WebOptions : IValidatableObject
{
    public const string SectionName = "Web";

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

    /// <summary>Requests per minute allowed for one API key (or one client address without a key).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

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

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ThumbnailSizes is { } sizes && (sizes.Length > 16 || sizes.Any(s => s is < 32 or > 4096)))
        {
            yield return new ValidationResult("Web:ThumbnailSizes takes at most 16 sizes, each from 32 to 4096 pixels.", [nameof(ThumbnailSizes)]);
        }
    }
}
