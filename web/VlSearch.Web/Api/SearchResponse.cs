namespace VlSearch.Web.Api;

/// <summary>A page of search hits, best first. Pass <see cref="NextCursor"/> as <c>cursor</c> for the next page; null at the end.</summary>
public sealed record SearchResponse(IReadOnlyList<SearchItem> Items, string? NextCursor);
