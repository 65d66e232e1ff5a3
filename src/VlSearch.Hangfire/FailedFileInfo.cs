namespace VlSearch.Hangfire;

/// <summary>A file that could not be indexed, and why.</summary>
public sealed record FailedFileInfo(string Path, string? Library, string Stage, string Reason, DateTime OccurredAt);
