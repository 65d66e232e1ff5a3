namespace VlSearch.Indexing;

/// <summary>A file found by the scanner, with what is needed to tell whether it changed.</summary>
public sealed record ScannedFile(string Path, long Size, DateTime ModifiedAtUtc);
