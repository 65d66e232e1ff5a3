namespace VlSearch.Catalog;

/// <summary>
/// Why a file could not be processed. One current error per path: a later failure replaces it, and a success
/// removes it. <see cref="Size"/> and <see cref="ModifiedAt"/> tell whether the file changed since, so that it is
/// retried only then.
/// </summary>
public sealed class FileError
{
    public long Id { get; set; }

    public int? LibraryId { get; set; }

    /// <summary>Absolute path; unique.</summary>
    public required string Path { get; set; }

    /// <summary>One of <see cref="FileErrorStages"/>.</summary>
    public required string Stage { get; set; }

    public required string Reason { get; set; }

    public long Size { get; set; }

    /// <summary>Last write time of the file when it failed (UTC).</summary>
    public DateTime ModifiedAt { get; set; }

    /// <summary>UTC; filled on insert when left at its default.</summary>
    public DateTime OccurredAt { get; set; }
}
