namespace VlSearch.Web.Api;

/// <summary>A file that could not be indexed, and why.</summary>
public sealed record FailedFile(long Id, int? LibraryId, string Path, string Stage, string Reason, DateTime OccurredAt);
