namespace VlSearch.Jobs.Admin;

/// <summary>Body of <c>POST /api/v1/admin/libraries</c>: a folder on the server and its scan rules.</summary>
public sealed record LibraryRequestBody(string? Path, string? Name, IReadOnlyList<string>? Include, IReadOnlyList<string>? Exclude, bool? IncludeHidden, string? ScanCron, bool? IndexNow);
