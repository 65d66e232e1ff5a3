using Microsoft.AspNetCore.Http.HttpResults;
using VlSearch.Core;
using VlSearch.Core.Answers;
using VlSearch.Hosting.Answers;
using VlSearch.Indexing;
using VlSearch.Search.Querying;
using VlSearch.Web.Services;
using VlSearch.Web.Security;

namespace VlSearch.Web.Api;

/// <summary>
/// <c>/api/v1/ask</c> and <c>/api/v1/imagine</c>: answers and pictures from the configured model services, behind
/// the same keys and rate limits as search plus each capability's own cost limits; <c>/api/v1/admin/answers</c>
/// shows what each capability sends where.
/// </summary>
public static class AnswerEndpoints
{
    public const int MaxImagineResults = 100;

    public static RouteGroupBuilder MapAnswerEndpoints(this RouteGroupBuilder reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.MapPost("/ask", AskAsync)
            .WithTags("Answers")
            .WithName("Ask")
            .WithSummary("Answers a question about the photos a query finds (top k) or the listed photo ids, streamed as server-sent events.")
            .WithDescription(
                "Body {question, query?, photoIds?, k?}. The photos (at most Answers:Questions:MaxImagesPerRequest) go to the configured vision chat " +
                "model as downscaled JPEGs. The response is text/event-stream: 'delta' events {text}, then a 'done' event {cited, sent, photos} where " +
                "cited lists only photos the model was sent or found with its tools; an 'error' event ends an answer that breaks off. Failures before " +
                "the first delta are ProblemDetails: 502 (bad reply, key refused), 503 (not configured, down, rate limited), 504 (timeout), 429 " +
                "(Answers:Questions:RequestsPerMinute).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .DisableAntiforgery();
        reader.MapPost("/imagine", ImagineAsync)
            .WithTags("Answers")
            .WithName("Imagine")
            .WithSummary("Draws a description with the configured text-to-image model and returns the picture with the photos nearest to it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout)
            .DisableAntiforgery();
        return reader;
    }

    /// <summary><c>GET /api/v1/admin/answers</c>: each capability, on or off, where it sends and how much; never the key.</summary>
    public static RouteGroupBuilder MapAnswerAdminEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/admin/answers", (AnswerProviders providers) => TypedResults.Ok(providers.Describe()))
            .RequireAuthorization(WebAuth.AdminPolicy)
            .WithTags("Admin")
            .WithName("ListAnswerProviders")
            .WithSummary("The answer capabilities (questions, imagine, captioning): whether each is on, its endpoint and model, and what it sends.");
        api.MapPut("/photos/{id:long}/caption", SetCaptionAsync)
            .RequireAuthorization(WebAuth.AdminPolicy)
            .WithTags("Photos")
            .WithName("SetCaption")
            .WithSummary("Sets a photo's caption by hand (kept by later caption jobs, searchable by its words); an empty caption clears it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .DisableAntiforgery();
        return api;
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetCaptionAsync(long id, CaptionBody? body, PhotoCaptioner captioner, CancellationToken cancellationToken)
    {
        try
        {
            return await captioner.SetUserCaptionAsync(id, body?.Caption, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"There is no photo {id}.");
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["caption"] = [ex.Message] });
        }
    }

    internal static async Task<IResult> AskAsync(HttpContext http, AskBody? body, PhotoQuestions questions, ActiveModel model, CancellationToken cancellationToken)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Question))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["question"] = ["question is required, e.g. \"which of these was taken at the lake house?\""] });
        }

        try
        {
            var session = await questions.StartAsync(new AskRequest(body.Question, body.Query, body.PhotoIds, body.K), model.Get, cancellationToken);
            return new AnswerStreamResult(session);
        }
        catch (AnswerProviderException ex)
        {
            return AnswerProblems.Provider(http, ex);
        }
        catch (CostLimitException ex)
        {
            return AnswerProblems.CostLimit(http, ex);
        }
        catch (ModelLoadException ex)
        {
            return Problems.ModelUnavailable(ex);
        }
        catch (QuerySyntaxException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [ex.Message] });
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [body.PhotoIds is { Length: > 0 } ? "photoIds" : "k"] = [ex.Message] });
        }
    }

    internal static async Task<Results<Ok<ImagineResponse>, ValidationProblem, ProblemHttpResult>> ImagineAsync(
        HttpContext http, ImagineBody? body, PhotoImagining imagining, ActiveModel model, CancellationToken cancellationToken)
    {
        var k = body?.K ?? 24;
        if (body is null || string.IsNullOrWhiteSpace(body.Description))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["description"] = ["description is required: what should the picture show?"] });
        }

        if (k is < 1 or > MaxImagineResults)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["k"] = [$"k must be between 1 and {MaxImagineResults}."] });
        }

        try
        {
            var result = await imagining.SearchAsync(body.Description, model.Get(), k, null, cancellationToken);
            var image = "data:" + result.Image.MediaType + ";base64," + Convert.ToBase64String(result.Image.Bytes.Span);
            return TypedResults.Ok(new ImagineResponse(image, result.Image.MediaType, result.Image.RevisedPrompt, [.. result.Hits.Select(WebSearch.ToItem)]));
        }
        catch (AnswerProviderException ex)
        {
            return AnswerProblems.Provider(http, ex);
        }
        catch (CostLimitException ex)
        {
            return AnswerProblems.CostLimit(http, ex);
        }
        catch (ModelLoadException ex)
        {
            return Problems.ModelUnavailable(ex);
        }
        catch (PhotoDecodeException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Bad reply from the model service", detail: "The generated picture does not decode: " + ex.Message);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["description"] = [ex.Message] });
        }
    }
}
