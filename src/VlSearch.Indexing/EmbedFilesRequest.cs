namespace VlSearch.Indexing;

/// <summary>A batch of files of one library to embed (see <see cref="PhotoIndexer.EmbedFilesAsync"/>).</summary>
public sealed record EmbedFilesRequest(int LibraryId, IReadOnlyList<string> Paths)
{
    /// <summary>Write vectors to the vector index too; off where another process owns the index.</summary>
    public bool WriteIndex { get; init; } = true;
}
