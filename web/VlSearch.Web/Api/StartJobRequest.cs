namespace VlSearch.Web.Api;

/// <summary>Body of <c>POST /api/v1/admin/jobs</c>.</summary>
/// <remarks>
/// <c>Kind</c>: <c>reindex-missing</c> (default), <c>reindex-all</c>, or where captioning is configured
/// <c>captions-missing</c> / <c>captions-all</c>; <c>LibraryIds</c>: every library when empty (caption jobs take none).
/// </remarks>
public sealed record StartJobRequest(string? Kind, IReadOnlyList<int>? LibraryIds);
