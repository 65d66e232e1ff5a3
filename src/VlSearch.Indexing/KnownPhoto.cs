namespace VlSearch.Indexing;

/// <summary>What the catalog knew about a photo of the library when the scan started.</summary>
internal sealed record KnownPhoto(long Id, string Path, long Size, DateTime ModifiedAt, string ContentHash);
