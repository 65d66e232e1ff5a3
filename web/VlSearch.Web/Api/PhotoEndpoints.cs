using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using VlSearch.Core;
using VlSearch.Web.Services;
using VlSearch.Search;

namespace VlSearch.Web.Api;

/// <summary>
/// <c>/api/v1/photos/{id}</c>: details, thumbnail, original and similar photos. Files are found by catalog id only;
/// a path never comes from the client, and each file is checked at request time to be the regular file the indexer
/// catalogued, under its library's folder (<see cref="ServedFileCheck"/>), so nothing outside the libraries is read.
/// </summary>
public static class PhotoEndpoints
{
    public static RouteGroupBuilder MapPhotoEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/photos/{id:long}").WithTags("Photos");
        group.MapGet("/", GetAsync).WithName("GetPhoto").WithSummary("What the catalog knows about a photo (path, size, EXIF).");
        group.MapGet("/thumbnail", ThumbnailAsync).WithName("GetThumbnail")
            .WithSummary("A cached JPEG thumbnail, upright; size is its longer side in pixels, served at the next allowed size up (Web:ThumbnailSizes).")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/original", OriginalAsync).WithName("GetOriginal").WithSummary("The photo's file as catalogued.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/similar", SimilarAsync).WithName("GetSimilar").WithSummary("Photos that look like this one, best first (itself excluded).")
            .ProducesValidationProblem();
        return api;
    }

    internal static async Task<Results<Ok<PhotoDetails>, ProblemHttpResult>> GetAsync(long id, PhotoCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetAsync(id, cancellationToken) is { } photo ? TypedResults.Ok(photo) : Problems.NotFound($"No photo {id} in the catalog.");

    internal static async Task<Results<PhysicalFileHttpResult, ValidationProblem, ProblemHttpResult>> ThumbnailAsync(
        HttpContext http, long id, string? size, PhotoCatalog catalog, ThumbnailCache thumbnails, IOptions<WebOptions> options, CancellationToken cancellationToken)
    {
        var edge = options.Value.ThumbnailSize;
        if (size is not null && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out edge) || edge is < 32 or > 4096))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["size"] = ["size must be a whole number from 32 to 4096."] });
        }

        edge = thumbnails.Allowed(edge);
        var file = await catalog.GetFileAsync(id, cancellationToken);
        if (file is null)
        {
            return Problems.NotFound($"No photo {id} in the catalog.");
        }

        if (ServedFileCheck.Refusal(file) is { } refusal)
        {
            return Problems.NotFound($"Photo {id} is not served: {refusal}.");
        }

        try
        {
            var path = await thumbnails.GetAsync(file, edge, cancellationToken);
            return TypedResults.PhysicalFile(path, "image/jpeg", lastModified: File.GetLastWriteTimeUtc(path),
                entityTag: new EntityTagHeaderValue($"\"{file.ContentHash[..Math.Min(16, file.ContentHash.Length)]}-{edge}\""));
        }
        catch (PhotoDecodeException ex)
        {
            return Problems.NotFound($"Photo {id} cannot be read: {ex.Message}");
        }
        catch (ServerBusyException ex)
        {
            return Problems.Busy(http, ex);
        }
    }

    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> OriginalAsync(long id, PhotoCatalog catalog, CancellationToken cancellationToken)
    {
        var file = await catalog.GetFileAsync(id, cancellationToken);
        if (file is null)
        {
            return Problems.NotFound($"No photo {id} in the catalog.");
        }

        // Served from the handle that was checked, never by path again.
        var stream = ServedFileCheck.OpenVerified(file, out var refusal);
        if (stream is null)
        {
            return Problems.NotFound($"Photo {id} is not served: {refusal}.");
        }

        return TypedResults.File(stream, ContentType(file.Format), fileDownloadName: null, lastModified: file.ModifiedAt.Kind == DateTimeKind.Utc ? file.ModifiedAt : DateTime.SpecifyKind(file.ModifiedAt, DateTimeKind.Utc), enableRangeProcessing: true);
    }

    internal static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SimilarAsync(
        long id, [AsParameters] SearchQuery query, WebSearch search, CancellationToken cancellationToken)
    {
        var arguments = SearchArguments.TryParse(query, out var errors);
        if (arguments is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            var page = await search.SimilarAsync(id, arguments.K, arguments.Offset, arguments.Filter, cancellationToken);
            return page is null ? Problems.NotFound($"Photo {id} is not in the catalog or has no vector for the active model yet.") : TypedResults.Ok(page.ToResponse());
        }
        catch (ModelLoadException ex)
        {
            return Problems.ModelUnavailable(ex);
        }
    }

    private static string ContentType(string? format) => format switch
    {
        "jpeg" or "jpg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "tiff" or "tif" => "image/tiff",
        _ => "application/octet-stream",
    };
}
