using System.Globalization;
using VlSearch.Web.Security;

namespace VlSearch.Web.Hosting;

/// <summary>
/// Runs before authentication: the per-address request budget, the lock-out after too many failed key attempts
/// (requests that carry a key and sign-ins), and the cap on live pages per address. Rejections are 429 problems.
/// </summary>
public sealed partial class ClientThrottleMiddleware(RequestDelegate next, ClientThrottle throttle, ILogger<ClientThrottleMiddleware> logger)
{
    /// <summary>Path of the Blazor hub; one long-lived request there is one live page.</summary>
    public const string CircuitPath = "/_blazor";

    public async Task InvokeAsync(HttpContext context)
    {
        var address = ClientAddress.Of(context);
        if (!throttle.TryRequest(address, out var retry))
        {
            await RejectAsync(context, retry, "Too many requests", "This client address is over its request budget; retry later.");
            return;
        }

        if (PresentsKey(context.Request) && throttle.IsLockedOut(address, out retry))
        {
            LogLockedOut(logger, address, context.Request.Method, context.Request.Path);
            await RejectAsync(context, retry, "Too many failed key attempts", "Too many wrong keys came from this client address; retry later.");
            return;
        }

        if (context.Request.Path.Equals(CircuitPath, StringComparison.OrdinalIgnoreCase))
        {
            if (!throttle.TryOpenCircuit(address))
            {
                LogTooManyCircuits(logger, address);
                await RejectAsync(context, TimeSpan.FromSeconds(30), "Too many open pages", "This client address has too many live pages open; close some and retry.");
                return;
            }

            try
            {
                await next(context);
            }
            finally
            {
                throttle.CloseCircuit(address);
            }

            return;
        }

        await next(context);
    }

    /// <summary>A request whose outcome depends on a secret: an API key header, or a sign-in form.</summary>
    internal static bool PresentsKey(HttpRequest request) =>
        request.Headers.ContainsKey(WebAuth.ApiKeyHeader) ||
        (HttpMethods.IsPost(request.Method) && request.Path.Equals(WebAuth.LoginPath, StringComparison.OrdinalIgnoreCase));

    private static Task RejectAsync(HttpContext context, TimeSpan retryAfter, string title, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: detail).ExecuteAsync(context);
    }

    // Debug: the failures that led here were logged as warnings, and an attacker must not be able to flood the log.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Method} {Path} from {Address}: too many failed key attempts this minute.")]
    private static partial void LogLockedOut(ILogger logger, string address, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a live page from {Address}: too many open at once.")]
    private static partial void LogTooManyCircuits(ILogger logger, string address);
}
