namespace VlSearch.Jobs.Admin;

/// <summary>A file that could not be indexed, and why: the one shape the command line, the API and the pages show.</summary>
public sealed record FailedFile(long Id, int? LibraryId, string? Library, string Path, string Stage, string Reason, DateTime OccurredAt);
