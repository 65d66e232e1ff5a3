using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.SemanticKernel;
using VlSearch.Core.Answers;

namespace VlSearch.SemanticKernel;

/// <summary>Turns what the SDK throws into an <see cref="AnswerProviderException"/> with a one-line reason (never the key).</summary>
internal static class ProviderErrors
{
    public static AnswerProviderException Map(Exception ex, ProviderConnection connection, bool timedOut)
    {
        var where = $"{connection.Kind} at {connection.EffectiveEndpoint.GetLeftPart(UriPartial.Authority)}";
        if (timedOut)
        {
            return new(AnswerFailure.Timeout, $"The model service ({where}) did not answer within {connection.Timeout.TotalSeconds:0.#} s.", ex);
        }

        var status = StatusOf(ex);
        return status switch
        {
            401 or 403 => new(AnswerFailure.Unauthorized, $"The model service ({where}) refused the API key (HTTP {status}).", ex),
            429 => new(AnswerFailure.RateLimited, $"The model service ({where}) is rate limiting requests (HTTP 429).", ex, RetryAfter(ex)),
            404 => new(AnswerFailure.BadReply, $"The model service ({where}) does not know model '{connection.Model}' or the endpoint path (HTTP 404).", ex),
            >= 400 => new(AnswerFailure.BadReply, $"The model service ({where}) answered HTTP {status}.", ex),
            _ when Find<HttpRequestException>(ex) is { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } or { StatusCode: null, InnerException: System.Net.Sockets.SocketException }
                => new(AnswerFailure.Unavailable, $"The model service ({where}) cannot be reached.", ex),
            _ when Find<JsonException>(ex) is not null || Find<FormatException>(ex) is not null
                => new(AnswerFailure.BadReply, $"The model service ({where}) sent a reply that is not valid JSON.", ex),
            _ when Find<IOException>(ex) is not null || Find<HttpRequestException>(ex) is not null
                => new(AnswerFailure.BadReply, $"The model service ({where}) broke off its reply.", ex),
            _ => new(AnswerFailure.BadReply, $"The model service ({where}) sent a reply that cannot be read ({ex.GetType().Name}).", ex),
        };
    }

    /// <summary>Whether <paramref name="ex"/> is something a provider call can throw (as opposed to a bug).</summary>
    public static bool IsProviderFailure(Exception ex) =>
        ex is ClientResultException or HttpOperationException or HttpRequestException or IOException or JsonException or FormatException
            or InvalidOperationException or KernelException or ArgumentException or OperationCanceledException;

    private static int StatusOf(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case ClientResultException { Status: > 0 } client:
                    return client.Status;
                case HttpOperationException { StatusCode: { } code }:
                    return (int)code;
            }
        }

        return 0;
    }

    private static TimeSpan? RetryAfter(Exception ex)
    {
        if (Find<ClientResultException>(ex)?.GetRawResponse() is { } response && response.Headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(0, seconds));
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(f => f is not null) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
