namespace VlSearch.Web.Api;

/// <summary>Body of <c>POST /api/v1/admin/jobs</c>.</summary>
/// <remarks><c>Kind</c>: <c>reindex-missing</c> (default) or <c>reindex-all</c>; <c>LibraryIds</c>: every library when empty.</remarks>
public sealed record StartJobRequest(string? Kind, IReadOnlyList<int>? LibraryIds);
