using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace VlSearch.Web.Tests;

/// <summary>
/// Malformed requests generated from an OpenAPI document: each path and query parameter given every bad value in
/// turn, each operation with a body sent broken, mistyped and oversize bodies, odd headers, and the methods a path does
/// not accept. Values never name a real folder or model, so no request can start real work on the machine.
/// </summary>
internal sealed class BadRequests
{
    /// <summary>URL-ready values (already escaped where they must be): wrong types, limits, empty, long, unicode, traversal.</summary>
    private static readonly string[] BadValues =
    [
        "abc", "-1", "0", "1.5", "1e3", "NaN", "true", "null", "[]", "{}",
        "2147483648", "9223372036854775807", "-9223372036854775808", "99999999999999999999999999",
        "", "%20", "%00", "%FF%FE", Uri.EscapeDataString("日本語🙂 é"), Uri.EscapeDataString("\u202E\uFEFF\u0301"),
        "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", Uri.EscapeDataString("<script>alert(1)</script>"),
        Uri.EscapeDataString("' OR 1=1 --"), new string('a', 5000), new string('9', 400),
    ];

    private static readonly string[] ExtraMethods = ["PUT", "PATCH", "DELETE", "POST", "GET"];

    private readonly string _method;
    private readonly string _url;
    private readonly string _description;
    private readonly Func<HttpContent?> _body;
    private readonly Action<HttpRequestHeaders> _headers;

    private BadRequests(string operation, string method, string url, string description, Func<HttpContent?>? body = null, Action<HttpRequestHeaders>? headers = null)
    {
        Operation = operation;
        _method = method;
        _url = url;
        _description = description;
        _body = body ?? (() => null);
        _headers = headers ?? (_ => { });
    }

    /// <summary>
    /// The request's Accept header leaves JSON out: ASP.NET then writes a problem as plain text, which is content
    /// negotiation working, not a missing ProblemDetails.
    /// </summary>
    public bool RefusesJson => _description.StartsWith("accept ", StringComparison.Ordinal);

    /// <summary>The documented operation this request aims at ("GET /api/v1/search/").</summary>
    public string Operation { get; }

    public HttpRequestMessage Build()
    {
        var message = new HttpRequestMessage(new HttpMethod(_method), _url) { Content = _body() };
        _headers(message.Headers);
        return message;
    }

    public override string ToString() => $"{_method} {(_url.Length > 160 ? _url[..160] + "…" : _url)} [{_description}]";

    public static IEnumerable<BadRequests> From(JsonElement document, long photoId)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var methods = path.Value.EnumerateObject().Where(o => o.Name != "parameters").ToList();
            foreach (var operation in methods)
            {
                var method = operation.Name.ToUpperInvariant();
                var name = $"{method} {path.Name}";
                var parameters = Parameters(path.Value).Concat(Parameters(operation.Value)).ToList();
                var pathParameters = parameters.Where(p => p.In == "path").Select(p => p.Name).ToList();
                var valid = pathParameters.ToDictionary(p => p, p => ValidPathValue(path.Name, p, photoId));
                var baseUrl = Fill(path.Name, valid);

                foreach (var parameter in pathParameters)
                {
                    foreach (var value in BadValues)
                    {
                        var values = new Dictionary<string, string>(valid) { [parameter] = value };
                        yield return new BadRequests(name, method, Fill(path.Name, values), $"path {parameter}", JsonBodyFor(method));
                    }
                }

                foreach (var parameter in parameters.Where(p => p.In == "query").Select(p => p.Name))
                {
                    foreach (var value in BadValues)
                    {
                        yield return new BadRequests(name, method, $"{baseUrl}?{parameter}={value}", $"query {parameter}", JsonBodyFor(method));
                    }

                    yield return new BadRequests(name, method, $"{baseUrl}?{parameter}=1&{parameter}=x&{parameter}", $"query {parameter} repeated", JsonBodyFor(method));
                }

                yield return new BadRequests(name, method, $"{baseUrl}?unknown={new string('z', 3000)}&%ZZ=1&=&&", "unknown and broken query");

                if (method is "POST" or "PUT" or "PATCH")
                {
                    foreach (var (description, body) in Bodies())
                    {
                        yield return new BadRequests(name, method, baseUrl, description, body);
                    }
                }

                foreach (var (description, headers) in Headers())
                {
                    yield return new BadRequests(name, method, baseUrl, description, JsonBodyFor(method), headers);
                }
            }

            foreach (var other in ExtraMethods.Where(m => methods.All(o => !o.Name.Equals(m, StringComparison.OrdinalIgnoreCase))))
            {
                var first = methods[0];
                var parameters = Parameters(path.Value).Concat(Parameters(first.Value)).Where(p => p.In == "path").Select(p => p.Name);
                var url = Fill(path.Name, parameters.ToDictionary(p => p, p => ValidPathValue(path.Name, p, photoId)));
                yield return new BadRequests($"{first.Name.ToUpperInvariant()} {path.Name}", other, url, "method not allowed", JsonBodyFor(other));
            }
        }
    }

    private static IEnumerable<(string Name, string In)> Parameters(JsonElement element)
    {
        if (!element.TryGetProperty("parameters", out var parameters))
        {
            yield break;
        }

        foreach (var parameter in parameters.EnumerateArray())
        {
            yield return (parameter.GetProperty("name").GetString()!, parameter.GetProperty("in").GetString()!);
        }
    }

    /// <summary>A well-formed value that names nothing destructive: the indexed photo, or ids and names that do not exist.</summary>
    private static string ValidPathValue(string path, string parameter, long photoId)
        => parameter == "id" && path.Contains("/photos/", StringComparison.Ordinal) ? photoId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : parameter == "id" ? "987654"
            : "no-such-model";

    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var url = template;
        foreach (var (name, value) in values)
        {
            url = url.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return url;
    }

    private static Func<HttpContent?> JsonBodyFor(string method)
        => method is "POST" or "PUT" or "PATCH" ? () => Json("{\"path\":7,\"name\":[],\"id\":\"x\"}") : () => null;

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static IEnumerable<(string Name, Func<HttpContent?> Body)> Bodies()
    {
        yield return ("no body", () => null);
        yield return ("empty json", () => Json(""));
        yield return ("cut json", () => Json("{\"path\": \"/nowhere"));
        yield return ("json array", () => Json("[]"));
        yield return ("json null", () => Json("null"));
        yield return ("json number", () => Json("12345678901234567890"));
        yield return ("json string", () => Json("\"x\""));
        yield return ("wrong field types", () => Json("{\"path\":123,\"indexNow\":\"yes\",\"kind\":{},\"name\":42,\"id\":-1,\"all\":\"no\",\"include\":7}"));
        yield return ("null fields", () => Json("{\"path\":null,\"name\":null,\"kind\":null,\"include\":null,\"exclude\":null}"));
        yield return ("bad strings", () => Json("{\"path\":\"\\u0000/no\\/such\\u202E\",\"name\":\"..\\/..\\/..\\/etc\\/passwd\",\"kind\":\"everything\"}"));
        yield return ("long strings", () => Json($"{{\"path\":\"/nowhere/{new string('p', 20000)}\",\"name\":\"{new string('n', 20000)}\"}}"));
        yield return ("deep nesting", () => Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("deep object nesting", () => Json(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)));
        yield return ("invalid utf-8", () => new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        yield return ("oversize json", () => Json($"{{\"path\":\"{new string('x', 3_000_000)}\"}}"));
        yield return ("text/plain", () => new StringContent("{\"path\":\"/nowhere\"}", Encoding.UTF8, "text/plain"));
        yield return ("xml", () => new StringContent("<path>/nowhere</path>", Encoding.UTF8, "application/xml"));
        yield return ("form", () => new FormUrlEncodedContent([new("path", "/nowhere"), new("name", "x")]));
        yield return ("content type with bad charset", () => new StringContent("{}") { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/json; charset=ebcdic-bogus") } });
        yield return ("multipart without boundary", () => new StringContent("--x\r\n\r\n", Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data") } });
        yield return ("multipart broken", () => new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc", Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b") } });
        yield return ("multipart without file", () => Multipart(null, "file"));
        yield return ("multipart empty file", () => Multipart([], "file"));
        yield return ("multipart wrong field", () => Multipart(TinyPng(8, 8), "image"));
        yield return ("multipart text file", () => Multipart("not an image"u8.ToArray(), "file"));
        yield return ("multipart truncated png", () => Multipart(TinyPng(8, 8)[..30], "file"));
        yield return ("multipart png declaring 9000x9000", () => Multipart(TinyPng(9000, 9000), "file"));
        yield return ("multipart png declaring 60000x60000", () => Multipart(TinyPng(60000, 60000), "file"));
        yield return ("multipart oversize file", () => Multipart(new byte[VlSearchWebFactory.MaxUploadBytes * 4], "file"));
        yield return ("multipart two files", () =>
        {
            var content = Multipart(TinyPng(8, 8), "file");
            content.Add(new ByteArrayContent(TinyPng(8, 8)), "file", "b.png");
            return content;
        });
        yield return ("multipart long file name", () =>
        {
            var content = new MultipartFormDataContent();
            content.Add(new ByteArrayContent(TinyPng(8, 8)), "file", new string('f', 5000) + "/../../x.png");
            return content;
        });
    }

    private static MultipartFormDataContent Multipart(byte[]? file, string field)
    {
        var content = new MultipartFormDataContent();
        if (file is null)
        {
            content.Add(new StringContent("value"), "other");
        }
        else
        {
            content.Add(new ByteArrayContent(file), field, "upload.png");
        }

        return content;
    }

    private static IEnumerable<(string Name, Action<HttpRequestHeaders> Headers)> Headers()
    {
        yield return ("accept xml", h => h.TryAddWithoutValidation("Accept", "application/xml"));
        yield return ("accept garbage", h => h.TryAddWithoutValidation("Accept", ";;;/;q=abc"));
        yield return ("range past the end", h => h.TryAddWithoutValidation("Range", "bytes=99999999999-"));
        yield return ("range reversed", h => h.TryAddWithoutValidation("Range", "bytes=50-1,-0"));
        yield return ("range garbage", h => h.TryAddWithoutValidation("Range", "pages=1-2"));
        yield return ("conditional garbage", h =>
        {
            h.TryAddWithoutValidation("If-None-Match", "not-an-etag");
            h.TryAddWithoutValidation("If-Modified-Since", "yesterday");
            h.TryAddWithoutValidation("If-Range", "\"x\"");
        });
        yield return ("second api key", h => h.TryAddWithoutValidation("X-Api-Key", "made-up-key"));
        yield return ("huge header", h => h.TryAddWithoutValidation("X-Filler", new string('h', 16_000)));
        yield return ("forwarded garbage", h =>
        {
            h.TryAddWithoutValidation("X-Forwarded-For", "999.999.1.1, ::ffff:zz, " + new string('1', 500));
            h.TryAddWithoutValidation("X-Forwarded-Proto", "gopher");
            h.TryAddWithoutValidation("X-Forwarded-Host", "evil.example:99999");
        });
        yield return ("accept-encoding garbage", h => h.TryAddWithoutValidation("Accept-Encoding", "br;q=x, *;q=-1"));
    }

    /// <summary>A PNG whose header declares the given size, followed by one tiny data chunk.</summary>
    private static byte[] TinyPng(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(stream, "IHDR", header);
        Chunk(stream, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
        stream.Write(word);
    }
}
