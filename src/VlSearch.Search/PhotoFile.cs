namespace VlSearch.Search;

/// <summary>A catalogued photo's file: the only paths the app ever reads photos from.</summary>
public sealed record PhotoFile(long Id, string Path, string ContentHash, string? Format);
