namespace VlSearch.Search.Ranking;

/// <summary>
/// The ranking pipeline: retrieve (vector; keyword) → fuse → rerank → cut → page. Every host searches through it, so
/// the CLI, the API and the web app rank alike.
/// </summary>
public interface ISearchPipeline
{
    /// <summary>Runs one search.</summary>
    /// <exception cref="ArgumentException">The request cannot be run (no stages, unknown library, a like: photo that is not catalogued...).</exception>
    Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default);
}
