using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using VlSearch.Core;
using VlSearch.Web.Services;

namespace VlSearch.Web.Api;

/// <summary>The ProblemDetails responses the API uses more than once.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large", detail: $"Uploads are limited to {limit} bytes.");

    public static ProblemHttpResult ModelUnavailable(ModelLoadException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model unavailable", detail: ex.Message);

    /// <summary>503 with <c>Retry-After</c>: bounded work is full (see <see cref="ServerBusyException"/>).</summary>
    public static ProblemHttpResult Busy(HttpContext http, ServerBusyException ex)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy", detail: ex.Message);
    }
}
