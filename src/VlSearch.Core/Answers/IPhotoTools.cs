namespace VlSearch.Core.Answers;

/// <summary>
/// What a model may look up while it answers: the catalog seen through search. Each function returns compact JSON
/// text for the model; the ids it lists become citable.
/// </summary>
public interface IPhotoTools
{
    /// <summary>Photos matching a query of the query language, best first.</summary>
    Task<string> SearchAsync(string query, int k, CancellationToken cancellationToken);

    /// <summary>Photos that look like a catalogued photo.</summary>
    Task<string> SimilarAsync(string photoId, int k, CancellationToken cancellationToken);

    /// <summary>A photo's path, date, camera, place and caption.</summary>
    Task<string> DetailsAsync(string photoId, CancellationToken cancellationToken);

    /// <summary>A photo's tags.</summary>
    Task<string> TagsAsync(string photoId, CancellationToken cancellationToken);
}
