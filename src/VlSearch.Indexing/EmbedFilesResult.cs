namespace VlSearch.Indexing;

/// <summary>Outcome of <see cref="PhotoIndexer.EmbedFilesAsync"/>.</summary>
public sealed class EmbedFilesResult
{
    public long Embedded { get; init; }

    /// <summary>Files already embedded by the model with their current content.</summary>
    public long Skipped { get; init; }

    /// <summary>Files gone since they were planned.</summary>
    public long Missing { get; init; }

    public long Failed { get; init; }
}
