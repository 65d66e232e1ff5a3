using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using VlSearch.Hosting;
using VlSearch.Indexing.Enrichment;
using VlSearch.Web.Security;

namespace VlSearch.Web.Api;

/// <summary>
/// Tags: <c>GET /api/v1/photos/{id}/tags</c> (readers); adding and removing a photo's tags, and the zero-shot label
/// vocabulary under <c>/api/v1/admin/tags/vocabulary</c> (admins, as other writes).
/// </summary>
public static class TagEndpoints
{
    public static RouteGroupBuilder MapTagEndpoints(this RouteGroupBuilder api)
    {
        var photo = api.MapGroup("/photos/{id:long}/tags").WithTags("Tags");
        photo.MapGet("/", GetAsync).WithName("GetPhotoTags").WithSummary("The photo's tags: label, kind, confidence, source and box.")
            .RequireAuthorization(WebAuth.ReaderPolicy);
        photo.MapPost("/", AddAsync).WithName("AddPhotoTag").WithSummary("Adds a tag a person set (kind user, confidence 1).")
            .RequireAuthorization(WebAuth.AdminPolicy).ProducesValidationProblem();
        photo.MapDelete("/{label}", RemoveAsync).WithName("RemovePhotoTag").WithSummary("Removes a label from the photo (its user tag and any stage's tag of that label).")
            .RequireAuthorization(WebAuth.AdminPolicy);

        var vocabulary = api.MapGroup("/admin/tags/vocabulary").WithTags("Tags").RequireAuthorization(WebAuth.AdminPolicy);
        vocabulary.MapGet("/", (VlSearchPaths paths) => TypedResults.Ok(Describe(TagVocabulary.Load(TagVocabulary.OverlayPath(paths.Root)))))
            .WithName("GetTagVocabulary").WithSummary("The zero-shot labels in effect, with the admin's additions and removals.");
        vocabulary.MapPost("/", AddLabel).WithName("AddTagLabel").WithSummary("Adds a zero-shot label; the next tags-all job re-tags the photos with it.")
            .ProducesValidationProblem();
        vocabulary.MapDelete("/{label}", RemoveLabel).WithName("RemoveTagLabel").WithSummary("Removes a zero-shot label.").ProducesValidationProblem();
        return api;
    }

    internal static async Task<Results<Ok<IReadOnlyList<PhotoTagInfo>>, ProblemHttpResult>> GetAsync(long id, PhotoTagService tags, CancellationToken cancellationToken) =>
        await tags.GetAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok<IReadOnlyList<PhotoTagInfo>>([.. found.Select(PhotoTagInfo.From)])
            : Problems.NotFound($"No photo {id} in the catalog.");

    internal static async Task<Results<Ok<IReadOnlyList<PhotoTagInfo>>, ValidationProblem, ProblemHttpResult>> AddAsync(
        long id, [FromBody] TagRequest request, PhotoTagService tags, CancellationToken cancellationToken)
    {
        if (!TagLabels.TryNormalize(request?.Label, out var label))
        {
            return Invalid();
        }

        return await tags.AddUserTagAsync(id, label, cancellationToken) && await tags.GetAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok<IReadOnlyList<PhotoTagInfo>>([.. found.Select(PhotoTagInfo.From)])
            : Problems.NotFound($"No photo {id} in the catalog.");
    }

    internal static async Task<Results<Ok<IReadOnlyList<PhotoTagInfo>>, ProblemHttpResult>> RemoveAsync(long id, string label, PhotoTagService tags, CancellationToken cancellationToken) =>
        await tags.RemoveTagAsync(id, label, cancellationToken) is not null && await tags.GetAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok<IReadOnlyList<PhotoTagInfo>>([.. found.Select(PhotoTagInfo.From)])
            : Problems.NotFound($"No photo {id} in the catalog.");

    internal static Results<Ok<VocabularyInfo>, ValidationProblem> AddLabel([FromBody] TagRequest request, VlSearchPaths paths) =>
        TagLabels.TryNormalize(request?.Label, out var label)
            ? TypedResults.Ok(Describe(TagVocabulary.Add(TagVocabulary.OverlayPath(paths.Root), [label])))
            : Invalid();

    internal static Results<Ok<VocabularyInfo>, ValidationProblem> RemoveLabel(string label, VlSearchPaths paths) =>
        TagLabels.TryNormalize(label, out var normal)
            ? TypedResults.Ok(Describe(TagVocabulary.Remove(TagVocabulary.OverlayPath(paths.Root), [normal])))
            : Invalid();

    private static ValidationProblem Invalid() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["label"] = [$"label must have 1 to {TagLabels.MaxLength} characters and no control characters."] });

    private static VocabularyInfo Describe(TagVocabulary vocabulary) => new(vocabulary.Labels.Count, vocabulary.Hash, vocabulary.Added, vocabulary.Removed, vocabulary.Labels);
}
