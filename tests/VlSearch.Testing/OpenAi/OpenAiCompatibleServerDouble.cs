using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;

namespace VlSearch.Testing.OpenAi;

/// <summary>
/// A local stand-in for an OpenAI-compatible model server on 127.0.0.1 (random port): chat completions with image
/// parts (plain and streamed as server-sent events), tool calls, and image generation. It is strict: a request that
/// does not follow the published shapes is answered 400 and recorded with the reason, so tests assert on
/// <see cref="Rejections"/>. Every request is recorded with its headers, model and body; scripted faults play
/// 401, 429, malformed JSON, cut-off streams and slow replies.
/// </summary>
public sealed class OpenAiCompatibleServerDouble : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<DoubleFault> _faultQueue = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _chatCount;

    private OpenAiCompatibleServerDouble(WebApplication app) => _app = app;

    /// <summary>The API root clients are pointed at, e.g. <c>http://127.0.0.1:PORT/v1/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The chat completion requests received.</summary>
    public IReadOnlyList<RecordedRequest> ChatRequests => [.. _requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    /// <summary>Requests refused for not matching the published shapes, with the reason.</summary>
    public IReadOnlyList<RecordedRequest> Rejections => [.. _requests.Where(r => r.Rejection is not null)];

    /// <summary>The most chat requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Chat requests answered or faulted so far.</summary>
    public int ChatCount => Volatile.Read(ref _chatCount);

    /// <summary>The assistant's text for a chat request; by default a fixed sentence.</summary>
    public Func<RecordedRequest, string> Answer { get; set; } = _ => "A photo of something.";

    /// <summary>
    /// Where set, a request that offers tools is answered with a call of this tool until the conversation holds
    /// <see cref="ToolCallRounds"/> tool replies; then with <see cref="Answer"/>.
    /// </summary>
    public ScriptedToolCall? ToolCall { get; set; }

    /// <summary>How many tool calls the double asks for before it answers (1: one round trip).</summary>
    public int ToolCallRounds { get; set; } = 1;

    /// <summary>The fault every request gets while no queued fault is pending.</summary>
    public DoubleFault Fault { get; set; }

    /// <summary>Where set, decides a fault per chat request (e.g. from the text it carries); wins over <see cref="Fault"/>.</summary>
    public Func<RecordedRequest, DoubleFault>? FaultFor { get; set; }

    /// <summary>The <c>Retry-After</c> seconds a 429 carries.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Where above 1, a chat request is held until this many are in flight (or <see cref="HoldTimeout"/> passes), so a
    /// client's concurrency shows in <see cref="MaxInFlight"/> without depending on machine speed.
    /// </summary>
    public int HoldUntilInFlight { get; set; }

    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A URL on 127.0.0.1 where nothing listens: the "provider down" case.</summary>
    public static Uri ClosedPortUri()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/v1/");
    }

    /// <summary>Queues faults played by the next requests, one each, before <see cref="Fault"/> applies again.</summary>
    public void QueueFaults(params DoubleFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var fault in faults)
        {
            _faultQueue.Enqueue(fault);
        }
    }

    public static async Task<OpenAiCompatibleServerDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new OpenAiCompatibleServerDouble(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/images/generations", server.ImagesAsync);
        app.MapFallback(context => server.RejectAsync(context, null, "unknown endpoint " + context.Request.Method + " " + context.Request.Path));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ChatAsync(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        UpdateMax(inFlight);
        try
        {
            var (body, headers, error) = await ReadJsonAsync(context);
            var images = new List<ImageSize>();
            error ??= body is null ? "no body" : ValidateChat(body, images);
            var stream = body?["stream"] is JsonValue s && s.TryGetValue<bool>(out var b) && b;
            var request = new RecordedRequest(context.Request.Path, headers, (string?)body?["model"], body, images, stream, error);
            _requests.Enqueue(request);
            if (error is not null)
            {
                await WriteErrorAsync(context, 400, "invalid_request_error", error);
                return;
            }

            await HoldAsync(context.RequestAborted);
            var fault = NextFault(request);
            if (await PlayFaultAsync(context, fault, streaming: stream))
            {
                return;
            }

            var wantsTool = ToolCall is not null && body!["tools"] is JsonArray { Count: > 0 } && request.ToolReplies.Count < ToolCallRounds;
            var reply = wantsTool ? null : Answer(request);
            if (stream)
            {
                await StreamAsync(context, request.Model!, reply, fault == DoubleFault.StreamCutOff, request.ToolReplies.Count);
            }
            else
            {
                await WriteCompletionAsync(context, request.Model!, reply, request.ToolReplies.Count);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _chatCount);
        }
    }

    private async Task ImagesAsync(HttpContext context)
    {
        var (body, headers, error) = await ReadJsonAsync(context);
        error ??= body is null ? "no body" : ValidateImageRequest(body);
        var request = new RecordedRequest(context.Request.Path, headers, (string?)body?["model"], body, [], false, error);
        _requests.Enqueue(request);
        if (error is not null)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", error);
            return;
        }

        if (await PlayFaultAsync(context, NextFault(request), streaming: false))
        {
            return;
        }

        // A picture that depends on the prompt, so two descriptions give two different images.
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(64, 64);
        var seed = StringComparer.Ordinal.GetHashCode((string)body!["prompt"]!);
        var random = new Random(seed);
        var colour = new SixLabors.ImageSharp.PixelFormats.Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = colour;
            }
        }

        using var png = new MemoryStream();
        await image.SaveAsPngAsync(png);
        var reply = new JsonObject
        {
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new JsonArray(new JsonObject { ["b64_json"] = Convert.ToBase64String(png.ToArray()), ["revised_prompt"] = (string?)body["prompt"] }),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.ToJsonString());
    }

    private DoubleFault NextFault(RecordedRequest request) =>
        _faultQueue.TryDequeue(out var queued) ? queued : FaultFor?.Invoke(request) ?? Fault;

    private async Task<bool> PlayFaultAsync(HttpContext context, DoubleFault fault, bool streaming)
    {
        switch (fault)
        {
            case DoubleFault.Unauthorized:
                await WriteErrorAsync(context, 401, "invalid_api_key", "Incorrect API key provided.");
                return true;
            case DoubleFault.TooManyRequests:
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, 429, "rate_limit_exceeded", "Rate limit reached.");
                return true;
            case DoubleFault.MalformedJson:
                context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
                await context.Response.WriteAsync(streaming ? "data: {\"id\": \"x\", \"choices\": [\n\n" : "{\"id\": \"chatcmpl-1\", \"choices\": [");
                return true;
            case DoubleFault.Slow:
                // Holds until the client gives up (its timeout cancels the request) or the server stops.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return true;
            case DoubleFault.StreamCutOff when !streaming:
                context.Abort();
                return true;
            default:
                return false;
        }
    }

    private async Task HoldAsync(CancellationToken cancellationToken)
    {
        if (HoldUntilInFlight <= 1)
        {
            return;
        }

        var deadline = DateTime.UtcNow + HoldTimeout;
        while (Volatile.Read(ref _inFlight) < HoldUntilInFlight && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(5, CancellationToken.None);
        }
    }

    private void UpdateMax(int inFlight)
    {
        int seen;
        while (inFlight > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
        {
        }
    }

    private static async Task<(JsonObject? Body, Dictionary<string, string> Headers, string? Error)> ReadJsonAsync(HttpContext context)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, headers, "Content-Type must be application/json, was " + context.Request.ContentType);
        }

        try
        {
            return (await JsonNode.ParseAsync(context.Request.Body) as JsonObject, headers, null);
        }
        catch (JsonException ex)
        {
            return (null, headers, "body is not JSON: " + ex.Message);
        }
    }

    private Task RejectAsync(HttpContext context, JsonObject? body, string reason)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(context.Request.Path, headers, null, body, [], false, reason));
        return WriteErrorAsync(context, 404, "not_found", reason);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = code, ["code"] = code } };
        return context.Response.WriteAsync(error.ToJsonString());
    }

    private static string? ValidateImageRequest(JsonObject body)
    {
        if (body["model"] is not JsonValue model || string.IsNullOrWhiteSpace((string?)model))
        {
            return "model is required";
        }

        if (body["prompt"] is not JsonValue prompt || string.IsNullOrWhiteSpace((string?)prompt))
        {
            return "prompt is required";
        }

        if ((string?)body["response_format"] != "b64_json")
        {
            return "response_format must be b64_json (the double does not serve image URLs)";
        }

        return body["n"] is JsonValue n && n.GetValue<int>() != 1 ? "n must be 1" : null;
    }

    /// <summary>The chat completion request shape: model, messages with known roles, content parts, tool calls and tool replies.</summary>
    private static string? ValidateChat(JsonObject body, List<ImageSize> images)
    {
        if (body["model"] is not JsonValue model || string.IsNullOrWhiteSpace((string?)model))
        {
            return "model is required";
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return "messages must be a non-empty array";
        }

        var toolCallIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in messages)
        {
            if (node is not JsonObject message || message["role"] is not JsonValue roleValue)
            {
                return "each message needs a role";
            }

            var role = (string?)roleValue;
            var problem = role switch
            {
                "system" or "developer" => message["content"] is JsonValue ? null : "system content must be text",
                "user" => ValidateUserContent(message["content"], images),
                "assistant" => ValidateAssistant(message, toolCallIds),
                "tool" => message["tool_call_id"] is JsonValue id && toolCallIds.Contains((string)id!) && message["content"] is JsonValue
                    ? null : "a tool message needs the tool_call_id of an earlier assistant tool call and text content",
                _ => "unknown role " + role,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        if (body["tools"] is JsonArray tools && tools.Any(t => t is not JsonObject { } o || (string?)o["type"] != "function" || o["function"]?["name"] is not JsonValue))
        {
            return "each tool must be {type: function, function: {name, parameters}}";
        }

        return body["max_tokens"] is JsonValue or null && body["max_completion_tokens"] is JsonValue or null ? null : "max tokens must be a number";
    }

    private static string? ValidateAssistant(JsonObject message, HashSet<string> toolCallIds)
    {
        if (message["tool_calls"] is not JsonArray calls)
        {
            return message["content"] is JsonValue ? null : "an assistant message needs content or tool_calls";
        }

        foreach (var call in calls)
        {
            if (call is not JsonObject c || c["id"] is not JsonValue id || (string?)c["type"] != "function" ||
                c["function"]?["name"] is not JsonValue || c["function"]?["arguments"] is not JsonValue args)
            {
                return "a tool call needs id, type function, function.name and function.arguments";
            }

            try
            {
                JsonNode.Parse((string)args!);
            }
            catch (JsonException)
            {
                return "function.arguments must be a JSON string";
            }

            toolCallIds.Add((string)id!);
        }

        return null;
    }

    private static string? ValidateUserContent(JsonNode? content, List<ImageSize> images)
    {
        if (content is JsonValue)
        {
            return null;
        }

        if (content is not JsonArray { Count: > 0 } parts)
        {
            return "user content must be text or a non-empty array of parts";
        }

        foreach (var part in parts)
        {
            var type = (string?)part?["type"];
            if (type == "text")
            {
                if (part!["text"] is not JsonValue)
                {
                    return "a text part needs text";
                }

                continue;
            }

            if (type != "image_url" || part!["image_url"]?["url"] is not JsonValue urlValue)
            {
                return "a part is {type: text, text} or {type: image_url, image_url: {url}}";
            }

            var url = (string)urlValue!;
            const string prefix = "data:";
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            if (!url.StartsWith(prefix, StringComparison.Ordinal) || comma < 0 || !url[..comma].EndsWith(";base64", StringComparison.Ordinal))
            {
                return "image_url.url must be a data: URL with base64 bytes (the double fetches nothing)";
            }

            var mediaType = url[prefix.Length..comma][..^";base64".Length];
            try
            {
                var bytes = Convert.FromBase64String(url[(comma + 1)..]);
                using var image = Image.Load(bytes, out var format);
                if (!format.MimeTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
                {
                    return $"the data URL says {mediaType} but holds {format.DefaultMimeType}";
                }

                images.Add(new ImageSize(image.Width, image.Height, mediaType, bytes.Length));
            }
            catch (Exception ex) when (ex is FormatException or UnknownImageFormatException or InvalidImageContentException)
            {
                return "an image part does not decode: " + ex.Message;
            }
        }

        return null;
    }

    private Task WriteCompletionAsync(HttpContext context, string model, string? text, int round)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (text is null)
        {
            message["tool_calls"] = new JsonArray(ToolCallJson(null, round));
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["id"] = "chatcmpl-double",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = text is null ? "tool_calls" : "stop" }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
        }.ToJsonString());
    }

    private JsonObject ToolCallJson(int? index, int round)
    {
        var call = new JsonObject
        {
            ["id"] = "call_double_" + round.ToString(CultureInfo.InvariantCulture),
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = ToolCall!.FunctionName, ["arguments"] = ToolCall.ArgumentsJson },
        };
        if (index is { } i)
        {
            call["index"] = i;
        }

        return call;
    }

    private async Task StreamAsync(HttpContext context, string model, string? text, bool cutOff, int round)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-double",
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };

        async Task SendAsync(JsonObject chunk)
        {
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", Encoding.UTF8);
            await context.Response.Body.FlushAsync();
        }

        if (text is null)
        {
            await SendAsync(Chunk(new JsonObject { ["role"] = "assistant", ["tool_calls"] = new JsonArray(ToolCallJson(0, round)) }, null));
            await SendAsync(Chunk(new JsonObject(), "tool_calls"));
        }
        else
        {
            // A few words per chunk, so a client sees several deltas.
            var pieces = System.Text.RegularExpressions.Regex.Split(text, @"(?<=\s)");
            var first = true;
            foreach (var piece in pieces.Where(p => p.Length > 0))
            {
                var delta = new JsonObject { ["content"] = piece };
                if (first)
                {
                    delta["role"] = "assistant";
                }

                await SendAsync(Chunk(delta, null));
                if (cutOff)
                {
                    // The body just ends, as behind a proxy that gives up: no finish reason, no [DONE].
                    return;
                }

                first = false;
            }

            await SendAsync(Chunk(new JsonObject(), "stop"));
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", Encoding.UTF8);
    }
}
