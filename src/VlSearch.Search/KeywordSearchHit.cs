namespace VlSearch.Search;

/// <summary>One photo found by <see cref="KeywordSearch"/>.</summary>
/// <param name="PhotoId">Catalog id of the photo.</param>
/// <param name="Path">Absolute path of its file.</param>
/// <param name="Rank">1 for the best match; what rank fusion consumes.</param>
/// <param name="Score">The keyword score, higher is better; its scale depends on the catalog's engine.</param>
public sealed record KeywordSearchHit(long PhotoId, string Path, int Rank, double Score);
