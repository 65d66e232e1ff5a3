using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using VlSearch.Core.Answers;
using VlSearch.Hosting.Answers;

namespace VlSearch.Web.Api;

/// <summary>
/// ProblemDetails for model-service failures: 502 when the provider's reply or our key is bad, 503 when no provider
/// is configured, it is down or rate limited, 504 when it is too slow; 429 for this server's own cost limit.
/// </summary>
public static class AnswerProblems
{
    public static ProblemHttpResult Provider(HttpContext http, AnswerProviderException ex)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(ex);
        var (status, title) = ex.Failure switch
        {
            AnswerFailure.NotConfigured => (StatusCodes.Status503ServiceUnavailable, "No model service configured"),
            AnswerFailure.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Model service unavailable"),
            AnswerFailure.RateLimited => (StatusCodes.Status503ServiceUnavailable, "Model service rate limited"),
            AnswerFailure.Timeout => (StatusCodes.Status504GatewayTimeout, "Model service timed out"),
            AnswerFailure.Unauthorized => (StatusCodes.Status502BadGateway, "Model service refused the key"),
            _ => (StatusCodes.Status502BadGateway, "Bad reply from the model service"),
        };
        if (ex.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Seconds(wait);
        }

        return TypedResults.Problem(statusCode: status, title: title, detail: ex.Message);
    }

    public static ProblemHttpResult CostLimit(HttpContext http, CostLimitException ex)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(ex);
        http.Response.Headers.RetryAfter = Seconds(ex.RetryAfter);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Cost limit reached", detail: ex.Message);
    }

    private static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
