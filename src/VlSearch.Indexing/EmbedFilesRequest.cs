namespace VlSearch.Indexing;

/// <summary>A batch of files of one library to embed (see <see cref="PhotoIndexer.EmbedFilesAsync"/>).</summary>
public sealed record EmbedFilesRequest(int LibraryId, IReadOnlyList<string> Paths)
{
    /// <summary>Write vectors to the vector index too; off where another process owns the index.</summary>
    public bool WriteIndex { get; init; } = true;

    /// <summary>
    /// Called with the paths of every successful encoder call (for accounting: each file should appear once). The
    /// same encodes are counted and logged under <see cref="IndexingDiagnostics"/>, which needs no callback; this
    /// stays for the worker's encode file until its readers move to the log.
    /// </summary>
    public Action<IReadOnlyList<string>>? OnEncoded { get; init; }
}
