using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VlSearch.Core;
using VlSearch.Core.Answers;
using VlSearch.Hosting;
using VlSearch.Hosting.Answers;
using VlSearch.Search.Querying;
using VlSearch.Web.Services;

namespace VlSearch.Web.Api;

/// <summary><c>/api/v1/search</c>: text search and search by an uploaded image.</summary>
public static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearchEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/search").WithTags("Search");
        group.MapGet("/", SearchTextAsync)
            .WithName("SearchText")
            .WithSummary("Photos that match a query, best first, through the ranking pipeline.")
            .WithDescription(
                "q is the query language: free text, \"quoted phrases\" that must match as keywords, -word and -\"phrase\" exclusions, " +
                "+term and -0.5:term vector arithmetic, like:<photo id or catalogued path>, imagine:\"<description>\" (a picture drawn by the configured " +
                "text-to-image service, searched by its image embedding; a 400 naming why when none is configured, 502/503/504 when it fails), and filters (camera: lens: type: folder: library: " +
                "after: before: on: tag: near:lat,lon[,km] orientation:). A syntax error is a 400 whose 'position' extension is the 0-based " +
                "index of the offending character. stages (or mode) = vector|keyword|hybrid; fusion = rrf|relative; weights = <vector>,<keyword>; " +
                "cutoff = none|auto|<score>; rerank = true|false turns the rerank stage (an image–text matcher over the fused top) on or off, " +
                "on by default where a reranker is installed; rerankTop = 1..200 is how many fused hits it rescores (default 50); a reranked hit's " +
                "score is fused + weight × match probability, with fusedScore and rerankScore beside it, and the response's rerank field says whether " +
                "the stage ran or was skipped and why (the search still answers in fused order); explain = true adds each stage's rank and score per hit and each stage's time; includeTags = true adds each hit's tags. Every hit carries its " +
                "final score and each retriever's score; hiddenByCutoff counts the hits the cutoff left out.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        group.MapPost("/image", SearchImageAsync)
            .WithName("SearchImage")
            .WithSummary("Photos that look like an uploaded image (multipart field 'file').")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();
        return api;
    }

    internal static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchTextAsync(
        HttpContext http, [AsParameters] SearchQuery query, WebSearch search, Indexing.Enrichment.PhotoTagService tags, CancellationToken cancellationToken)
    {
        var arguments = SearchArguments.TryParse(query, out var errors);
        var includeTags = false;
        if (query.IncludeTags is { } include && !bool.TryParse(include.Trim(), out includeTags))
        {
            errors["includeTags"] = ["includeTags must be true or false."];
        }

        if (string.IsNullOrWhiteSpace(query.Q))
        {
            errors["q"] = ["q is required: describe what to find, e.g. \"two kids on a beach\"."];
        }
        else if (query.Q.Length > Search.PhotoSearch.MaxQueryLength)
        {
            errors["q"] = [$"q is longer than {Search.PhotoSearch.MaxQueryLength} characters."];
        }

        if (arguments is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            var page = await search.TextAsync(query.Q!, arguments.K, arguments.Offset, arguments.Filter, arguments.Ranking, cancellationToken);
            var response = page.ToResponse();
            if (includeTags)
            {
                var byPhoto = await tags.GetManyAsync([.. response.Items.Select(i => i.Id)], cancellationToken);
                response = response with { Items = [.. response.Items.Select(i => i with { Tags = byPhoto.TryGetValue(i.Id, out var t) ? [.. t.Select(PhotoTagInfo.From)] : [] })] };
            }

            return TypedResults.Ok(response);
        }
        catch (ModelLoadException ex)
        {
            return Problems.ModelUnavailable(ex);
        }
        catch (QuerySyntaxException ex)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["q"] = [ex.Message] },
                title: "The query does not parse.",
                extensions: new Dictionary<string, object?> { ["position"] = ex.Position, ["length"] = ex.Length });
        }
        catch (AnswerProviderException ex)
        {
            // Only an imagine: term calls a model service; its failure is the provider's, never a 500.
            return AnswerProblems.Provider(http, ex);
        }
        catch (CostLimitException ex)
        {
            return AnswerProblems.CostLimit(http, ex);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = [ex.Message] });
        }
    }

    internal static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchImageAsync(
        HttpContext http, [AsParameters] SearchQuery query, WebSearch search, UploadSearch uploads, IOptions<WebOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes;
        if (http.Request.ContentLength > limit + 64 * 1024)
        {
            return Problems.TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // Room for the multipart envelope around a file of the limit's size.
            bodySize.MaxRequestBodySize = limit + 64 * 1024;
        }

        var arguments = SearchArguments.TryParse(query, out var errors);
        if (arguments is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!http.Request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send the image as multipart/form-data in a field named 'file'."] });
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return Problems.TooLarge(limit);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(limit);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // The multipart body ends before its closing boundary: a broken upload, not a server fault.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["The multipart body is incomplete: it ends before its closing boundary."] });
        }

        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null || file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["No image was uploaded (multipart field 'file')."] });
        }

        if (file.Length > limit)
        {
            return Problems.TooLarge(limit);
        }

        var temp = uploads.NewTempPath(Path.GetExtension(file.FileName));
        try
        {
            await using (var target = File.Create(temp))
            {
                await file.CopyToAsync(target, cancellationToken);
            }

            var page = await search.ImageAsync(temp, arguments.K, arguments.Offset, arguments.Filter, cancellationToken);
            return TypedResults.Ok(page.ToResponse());
        }
        catch (PhotoDecodeException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"The upload is not a readable image: {ex.Message}"] });
        }
        catch (ServerBusyException ex)
        {
            return Problems.Busy(http, ex);
        }
        catch (ModelLoadException ex)
        {
            return Problems.ModelUnavailable(ex);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
