using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace VlSearch.Web.Tests;

/// <summary>
/// Malformed requests for every route and method the OpenAPI document lists, sent as the admin so they get past
/// authentication: no response may be a 5xx, and every error response of the API is a ProblemDetails.
/// </summary>
public sealed class ApiBadInputTests(ApiBadInputTests.App app, ITestOutputHelper output) : IClassFixture<ApiBadInputTests.App>
{
    /// <summary>An app of its own with a few photos indexed, so well-formed ids reach the handlers' deeper checks.</summary>
    public sealed class App : IAsyncLifetime
    {
        public VlSearchWebFactory Factory { get; } = new();

        public long PhotoId { get; private set; }

        public async Task InitializeAsync()
        {
            var library = new SyntheticLibrary(Path.Combine(Factory.TempRoot, "photos"), 4);
            await Factory.AddLibraryAndWaitAsync(library.Folder);
            using var admin = Factory.CreateAdminClient();
            var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/search?q=a%20photo&k=1");
            PhotoId = page.GetProperty("items")[0].GetProperty("id").GetInt64();
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task No_malformed_request_to_any_documented_route_gets_a_5xx_and_every_error_is_a_problem_details()
    {
        using var admin = app.Factory.CreateAdminClient();
        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var requests = BadRequests.From(document, app.PhotoId).ToList();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();

        foreach (var request in requests)
        {
            using var message = request.Build();
            HttpResponseMessage response;
            try
            {
                response = await admin.SendAsync(message);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // The test host refuses to build such a path; Kestrel answers it with a 400 before the app sees it.
                statuses[0] = statuses.GetValueOrDefault(0) + 1;
                continue;
            }

            using var disposeResponse = response;
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500)
            {
                failures.Add($"{status} {request}: {Shorten(await response.Content.ReadAsStringAsync())}");
            }
            // 416 is the file result's own answer to an unsatisfiable range: no body, a Content-Range header (RFC 9110).
            else if (status >= 400 && contentType != "application/problem+json" && !request.RefusesJson && status != 416)
            {
                failures.Add($"{status} with {contentType ?? "no content type"} {request}");
            }
        }

        output.WriteLine($"{requests.Count} requests; statuses (0: refused by the test host): {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(requests.Count > 500, $"only {requests.Count} requests were generated");
        Assert.True(failures.Count == 0, $"{failures.Count} bad responses:\n{string.Join('\n', failures.Take(40))}");
    }

    [Fact]
    public async Task The_suite_covers_every_route_and_method_of_the_openapi_document()
    {
        using var admin = app.Factory.CreateAdminClient();
        var document = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name != "parameters").Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();

        var covered = BadRequests.From(document, app.PhotoId).Select(r => r.Operation).ToHashSet();

        Assert.NotEmpty(operations);
        Assert.Subset(covered, operations);
    }

    [Fact]
    public async Task A_request_body_that_arrives_slowly_and_stops_gets_a_client_error_not_a_server_error()
    {
        using var admin = app.Factory.CreateAdminClient();
        using var content = new MultipartFormDataContent();
        using var file = new StreamContent(new TrickleStream(Encoding.ASCII.GetBytes("GIF89a" + new string('x', 2000)), TimeSpan.FromMilliseconds(2)));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/gif");
        content.Add(file, "file", "slow.gif");

        using var response = await admin.PostAsync("/api/v1/search/image", content);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_multipart_upload_cut_before_its_closing_boundary_is_a_400_problem()
    {
        using var admin = app.Factory.CreateAdminClient();
        using var body = new StringContent("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc", Encoding.UTF8);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await admin.PostAsync("/api/v1/search/image", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_json_body_in_an_unknown_charset_is_a_415_problem()
    {
        using var admin = app.Factory.CreateAdminClient();
        using var body = new StringContent("{}");
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=ebcdic-bogus");

        using var response = await admin.PostAsync("/api/v1/admin/jobs", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] : text;

    /// <summary>A body that arrives a few bytes at a time, as from a slow or stalling client.</summary>
    private sealed class TrickleStream(byte[] data, TimeSpan pause) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= data.Length)
            {
                return 0;
            }

            await Task.Delay(pause, cancellationToken);
            var n = Math.Min(Math.Min(buffer.Length, 64), data.Length - _position);
            data.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
