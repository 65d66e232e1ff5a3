namespace VlSearch.Hosting.Answers;

/// <summary>A question about photos: those a query finds (top <see cref="K"/>), or the listed ones; the question itself is the query when neither is given.</summary>
public sealed record AskRequest(string Question, string? Query = null, IReadOnlyList<long>? PhotoIds = null, int? K = null);
