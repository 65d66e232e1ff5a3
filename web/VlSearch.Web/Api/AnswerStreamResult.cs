using System.Text.Json;
using VlSearch.Core.Answers;
using VlSearch.Hosting.Answers;

namespace VlSearch.Web.Api;

/// <summary>
/// Writes an answer as server-sent events: <c>event: delta</c> with <c>{text}</c> per piece, then <c>event: done</c>
/// with the cited photos, or <c>event: error</c> with a ProblemDetails-like body when the provider fails mid-answer.
/// </summary>
public sealed class AnswerStreamResult(AnswerSession session) : IResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        await using (session)
        {
            try
            {
                await foreach (var item in session.ReadAllAsync(cancellationToken))
                {
                    if (item.IsDone)
                    {
                        var photos = item.Cited!.Select(id => new { id, thumbnailUrl = PhotoUrls.Thumbnail(id), originalUrl = PhotoUrls.Original(id) });
                        await WriteAsync(response, "done", new { cited = item.Cited, sent = session.Sent, photos }, cancellationToken);
                    }
                    else
                    {
                        await WriteAsync(response, "delta", new { text = item.Delta }, cancellationToken);
                    }
                }
            }
            catch (AnswerProviderException ex)
            {
                var status = ex.Failure switch
                {
                    AnswerFailure.Timeout => StatusCodes.Status504GatewayTimeout,
                    AnswerFailure.NotConfigured or AnswerFailure.Unavailable or AnswerFailure.RateLimited => StatusCodes.Status503ServiceUnavailable,
                    _ => StatusCodes.Status502BadGateway,
                };
                await WriteAsync(response, "error", new { status, title = "The answer broke off", detail = ex.Message }, CancellationToken.None);
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, string name, object data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
