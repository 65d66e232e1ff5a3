using System.ComponentModel.DataAnnotations;

namespace VlSearch.Web;

/// <summary>Settings of the web app, bound from the <c>Web</c> section.</summary>
public sealed class WebOptions
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

    /// <summary>Requests per minute allowed for one API key (or one client address without a key).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

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
}
