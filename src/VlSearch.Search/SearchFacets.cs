namespace VlSearch.Search;

/// <summary>Values the search filters offer, taken from the catalog.</summary>
public sealed record SearchFacets(IReadOnlyList<string> Libraries, IReadOnlyList<string> Cameras, IReadOnlyList<string> FileTypes);
