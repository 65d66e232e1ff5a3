using System.ComponentModel;
using Microsoft.SemanticKernel;
using VlSearch.Core.Answers;

namespace VlSearch.SemanticKernel;

/// <summary>The kernel functions a model may call while it answers: the photo library seen through <see cref="IPhotoTools"/>.</summary>
internal sealed class PhotoPlugin(IPhotoTools tools)
{
    public const string Name = "photos";

    private const int MaxK = 20;

    [KernelFunction("search")]
    [Description("Searches the photo library. Returns JSON: a list of {id, path, score, takenAt}. Cite photos by id.")]
    public Task<string> SearchAsync(
        [Description("What to find: a description, keywords or filters such as camera:, after:, tag:")] string query,
        [Description("How many photos to return, 1 to 20")] int k = 8,
        CancellationToken cancellationToken = default) => tools.SearchAsync(query, Math.Clamp(k, 1, MaxK), cancellationToken);

    [KernelFunction("similar")]
    [Description("Photos that look like a given photo. Returns JSON: a list of {id, path, score}.")]
    public Task<string> SimilarAsync(
        [Description("The photo id")] string photoId,
        [Description("How many photos to return, 1 to 20")] int k = 8,
        CancellationToken cancellationToken = default) => tools.SimilarAsync(photoId, Math.Clamp(k, 1, MaxK), cancellationToken);

    [KernelFunction("details")]
    [Description("A photo's details: path, date taken, camera, place and caption, as JSON.")]
    public Task<string> DetailsAsync([Description("The photo id")] string photoId, CancellationToken cancellationToken = default) =>
        tools.DetailsAsync(photoId, cancellationToken);

    [KernelFunction("tags")]
    [Description("A photo's tags (objects, attributes, user tags) as JSON.")]
    public Task<string> TagsAsync([Description("The photo id")] string photoId, CancellationToken cancellationToken = default) =>
        tools.TagsAsync(photoId, cancellationToken);
}
