using VlSearch.Web.Api;

namespace VlSearch.Web.Services;

/// <summary>Hits of one page and the offset of the next one (null at the end).</summary>
public sealed record SearchPage(IReadOnlyList<SearchItem> Items, int? NextOffset)
{
    public static SearchPage Empty { get; } = new([], null);

    public SearchResponse ToResponse() => new(Items, NextOffset is { } next ? SearchCursor.Encode(next) : null);
}
