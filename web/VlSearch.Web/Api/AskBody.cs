namespace VlSearch.Web.Api;

/// <summary>
/// <c>POST /api/v1/ask</c>: a question about the top <see cref="K"/> photos of <see cref="Query"/> (the question
/// itself when no query is given) or about the listed <see cref="PhotoIds"/>.
/// </summary>
public sealed record AskBody(string? Question, string? Query, long[]? PhotoIds, int? K);
