using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

/// <summary>
/// Every API route and every page, called by every kind of caller, open and with keys required. New routes must be
/// added to <see cref="Routes"/>: the first test fails until they are.
/// </summary>
public sealed class AuthMatrixTests : IClassFixture<AuthMatrixTests.Apps>
{
    private readonly Apps apps;

    public AuthMatrixTests(Apps apps) => this.apps = apps;

    public enum Access
    {
        /// <summary>Anyone.</summary>
        Public,

        /// <summary>Anyone unless <c>Web:RequireApiKey</c>, then any known key or an admin sign-in.</summary>
        Reader,

        /// <summary>The admin role only.</summary>
        Admin,
    }

    public enum Caller
    {
        Anonymous,
        DeveloperKey,
        AdminRoleKey,
        AdminCookie,
        AdminKey,
    }

    /// <summary>Method, URL (route pattern with sample values), pattern as the app maps it, and who may call it.</summary>
    public static readonly (string Method, string Url, string Pattern, Access Access)[] Routes =
    [
        ("GET", "/api/v1/search?q=dog", "/api/v1/search/", Access.Reader),
        ("POST", "/api/v1/search/image", "/api/v1/search/image", Access.Reader),
        ("GET", "/api/v1/photos/1", "/api/v1/photos/{id:long}/", Access.Reader),
        ("GET", "/api/v1/photos/1/thumbnail", "/api/v1/photos/{id:long}/thumbnail", Access.Reader),
        ("GET", "/api/v1/photos/1/original", "/api/v1/photos/{id:long}/original", Access.Reader),
        ("GET", "/api/v1/photos/1/similar", "/api/v1/photos/{id:long}/similar", Access.Reader),
        ("POST", "/api/v1/ask", "/api/v1/ask", Access.Reader),
        ("POST", "/api/v1/imagine", "/api/v1/imagine", Access.Reader),
        ("PUT", "/api/v1/photos/1/caption", "/api/v1/photos/{id:long}/caption", Access.Admin),
        ("GET", "/api/v1/admin/answers", "/api/v1/admin/answers", Access.Admin),
        ("GET", "/api/v1/photos/1/tags", "/api/v1/photos/{id:long}/tags/", Access.Reader),
        ("POST", "/api/v1/photos/1/tags", "/api/v1/photos/{id:long}/tags/", Access.Admin),
        ("DELETE", "/api/v1/photos/1/tags/zz-matrix", "/api/v1/photos/{id:long}/tags/{label}", Access.Admin),
        ("GET", "/api/v1/admin/tags/vocabulary", "/api/v1/admin/tags/vocabulary/", Access.Admin),
        ("POST", "/api/v1/admin/tags/vocabulary", "/api/v1/admin/tags/vocabulary/", Access.Admin),
        ("DELETE", "/api/v1/admin/tags/vocabulary/zz-matrix", "/api/v1/admin/tags/vocabulary/{label}", Access.Admin),
        ("GET", "/api/v1/admin/jobs", "/api/v1/admin/jobs", Access.Admin),
        ("POST", "/api/v1/admin/jobs", "/api/v1/admin/jobs", Access.Admin),
        ("GET", "/api/v1/admin/jobs/999", "/api/v1/admin/jobs/{id:long}", Access.Admin),
        ("POST", "/api/v1/admin/jobs/999/cancel", "/api/v1/admin/jobs/{id:long}/cancel", Access.Admin),
        ("POST", "/api/v1/admin/jobs/999/pause", "/api/v1/admin/jobs/{id:long}/pause", Access.Admin),
        ("POST", "/api/v1/admin/jobs/999/resume", "/api/v1/admin/jobs/{id:long}/resume", Access.Admin),
        ("GET", "/api/v1/admin/libraries", "/api/v1/admin/libraries", Access.Admin),
        ("POST", "/api/v1/admin/libraries", "/api/v1/admin/libraries", Access.Admin),
        ("DELETE", "/api/v1/admin/libraries/999", "/api/v1/admin/libraries/{id:int}", Access.Admin),
        ("GET", "/api/v1/admin/failed-files", "/api/v1/admin/failed-files", Access.Admin),
        ("POST", "/api/v1/admin/failed-files/retry", "/api/v1/admin/failed-files/retry", Access.Admin),
        ("GET", "/api/v1/admin/models", "/api/v1/admin/models", Access.Admin),
        ("POST", "/api/v1/admin/models/no-such-model/pull", "/api/v1/admin/models/{name}/pull", Access.Admin),
        ("POST", "/api/v1/admin/models/active", "/api/v1/admin/models/active", Access.Admin),
        ("GET", "/api/v1/admin/models/pulls", "/api/v1/admin/models/pulls", Access.Admin),
        ("GET", "/api/v1/admin/status", "/api/v1/admin/status", Access.Admin),
        ("GET", "/api/v1/duplicates", "/api/v1/duplicates", Access.Admin),
        ("GET", "/openapi/v1.json", "/openapi/{documentName}.json", Access.Public),
        ("GET", "/health/live", "/health/live", Access.Public),
        ("GET", "/health/ready", "/health/ready", Access.Public),
        ("GET", "/docs/", "/docs/{documentName?}", Access.Public),
        ("GET", "/", "/", Access.Reader),
        ("GET", "/photos/1", "/photos/{Id:long}", Access.Reader),
        ("GET", "/login", "/login", Access.Public),
        ("GET", "/not-found", "/not-found", Access.Public),
        ("GET", "/admin", "/admin", Access.Admin),
        ("GET", "/admin/duplicates", "/admin/duplicates", Access.Admin),
        ("GET", "/admin/hangfire", "/admin/hangfire/{**path}", Access.Admin),
        ("POST", "/logout", "/logout", Access.Public),

        // Pages take form posts too (the antiforgery check answers 400 when there is no form).
        ("POST", "/", "/", Access.Reader),
        ("POST", "/photos/1", "/photos/{Id:long}", Access.Reader),
        ("POST", "/login", "/login", Access.Public),
        ("POST", "/not-found", "/not-found", Access.Public),
        ("POST", "/admin", "/admin", Access.Admin),
        ("POST", "/admin/duplicates", "/admin/duplicates", Access.Admin),
    ];

    public static TheoryData<bool, Caller, string, string> Cases()
    {
        var data = new TheoryData<bool, Caller, string, string>();
        foreach (var keysRequired in new[] { false, true })
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                foreach (var route in Routes)
                {
                    data.Add(keysRequired, caller, route.Method, route.Url);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Every_api_route_and_page_of_the_app_is_in_the_matrix()
    {
        var mapped = apps.Open.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || !raw.Contains('.') || raw.StartsWith("/openapi", StringComparison.Ordinal)))
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/_", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains(":file", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText!)))
            .Where(e => e.m is not ("HEAD" or "OPTIONS"))
            .Distinct()
            .ToList();
        var listed = Routes.Select(r => (r.Method, r.Pattern)).ToHashSet();
        var missing = mapped.Where(m => !listed.Contains(m)).Select(m => $"{m.m} {m.Item2}").ToList();
        Assert.True(missing.Count == 0, "routes missing from the auth matrix: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_exactly_the_access_its_route_allows(bool keysRequired, Caller caller, string method, string url)
    {
        var route = Routes.Single(r => r.Method == method && r.Url == url);
        var factory = keysRequired ? apps.Closed : apps.Open;
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" && url.StartsWith("/api", StringComparison.Ordinal))
        {
            request.Content = url.EndsWith("/image", StringComparison.Ordinal) ? new MultipartFormDataContent() : JsonContent.Create(new { });
        }

        switch (caller)
        {
            case Caller.DeveloperKey:
                request.Headers.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
                break;
            case Caller.AdminRoleKey:
                request.Headers.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.AdminRoleKey);
                break;
            case Caller.AdminKey:
                request.Headers.Add(WebAuth.ApiKeyHeader, factory.AdminKey);
                break;
            case Caller.AdminCookie:
                request.Headers.Add("Cookie", await apps.CookieAsync(factory));
                request.Headers.Add(SameOriginProof.FetchSiteHeader, "same-origin");
                break;
        }

        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } to ? (to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString) : "";
        var toLogin = response.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/login", StringComparison.Ordinal);
        Assert.True(status < 500, $"{method} {url} as {caller}: {status}");

        var admin = caller is Caller.AdminRoleKey or Caller.AdminCookie or Caller.AdminKey;
        var allowed = route.Access switch
        {
            Access.Public => true,
            Access.Reader => !keysRequired || caller != Caller.Anonymous,
            _ => admin,
        };
        if (allowed)
        {
            Assert.False(status is 401 or 403 || toLogin, $"{method} {url} as {caller} (keys required: {keysRequired}) was refused: {status}");
            return;
        }

        var page = !url.StartsWith("/api", StringComparison.Ordinal);
        var expected = caller == Caller.Anonymous ? (page ? "login" : "401") : "403";
        var actual = toLogin ? "login" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expected == actual, $"{method} {url} as {caller} (keys required: {keysRequired}): expected {expected}, got {actual}");
    }

    /// <summary>The app open (search for anyone) and with keys required, each with an admin sign-in made once.</summary>
    public sealed class Apps : IDisposable
    {
        private readonly Dictionary<VlSearchWebFactory, string> cookies = [];
        private readonly SemaphoreSlim gate = new(1, 1);

        public VlSearchWebFactory Open { get; } = new();

        public VlSearchWebFactory Closed { get; } = new() { Settings = { ["Web:RequireApiKey"] = "true" } };

        public async Task<string> CookieAsync(VlSearchWebFactory factory)
        {
            await gate.WaitAsync();
            try
            {
                if (!cookies.TryGetValue(factory, out var cookie))
                {
                    var login = new AdminLogin(factory);
                    Assert.Equal(HttpStatusCode.Redirect, (await login.SignInAsync(factory.AdminKey)).StatusCode);
                    cookie = cookies[factory] = login.CookieHeader;
                }

                return cookie;
            }
            finally
            {
                gate.Release();
            }
        }

        public void Dispose()
        {
            Open.Dispose();
            Closed.Dispose();
            gate.Dispose();
        }
    }
}
