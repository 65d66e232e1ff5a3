namespace VlSearch.Indexing;

/// <summary>A scanned file on its way through hashing, reconciliation and embedding.</summary>
internal sealed class PendingFile(ScannedFile file)
{
    public ScannedFile File { get; } = file;

    public long? PhotoId { get; set; }

    /// <summary>The hash the photo will be stored with.</summary>
    public string? Hash { get; set; }

    public string? NewHash { get; set; }

    public string? Error { get; set; }

    /// <summary>Whether the catalogued photo already had a vector of the run's model when planned.</summary>
    public bool HasVector { get; init; }
}
