namespace VlSearch.Indexing;

/// <summary>A photo as the catalog holds it, with the content hash its vector of one model was computed from.</summary>
internal readonly record struct CataloguedFile(long Id, long Size, DateTime ModifiedAt, string Hash, string? EmbeddedHash);
