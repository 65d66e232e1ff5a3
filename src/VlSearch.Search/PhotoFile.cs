namespace VlSearch.Search;

/// <summary>
/// A catalogued photo's file: the only paths the app ever reads photos from. <paramref name="Size"/>,
/// <paramref name="ModifiedAt"/> (UTC) and <paramref name="LibraryRoot"/> are what the catalog recorded, so a file
/// can be checked at request time against what was indexed.
/// </summary>
public sealed record PhotoFile(long Id, string Path, string ContentHash, string? Format, long Size = 0, DateTime ModifiedAt = default, string? LibraryRoot = null);
