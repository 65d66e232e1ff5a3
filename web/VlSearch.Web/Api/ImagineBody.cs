namespace VlSearch.Web.Api;

/// <summary><c>POST /api/v1/imagine</c>: a description to draw and search with; <see cref="K"/> results (default 24).</summary>
public sealed record ImagineBody(string? Description, int? K);
