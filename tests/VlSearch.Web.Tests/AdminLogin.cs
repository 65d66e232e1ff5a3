using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace VlSearch.Web.Tests;

/// <summary>Signs in through the <c>/login</c> form, as a browser does, and keeps the cookies by hand.</summary>
public sealed partial class AdminLogin
{
    private readonly HttpClient client;
    private readonly Dictionary<string, string> cookies = [];

    /// <param name="remoteAddress">Address the requests come from; null for this machine.</param>
    public AdminLogin(WebApplicationFactory<Program> factory, string? remoteAddress = null, bool https = false)
    {
        client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });
        if (remoteAddress is not null)
        {
            client.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, remoteAddress);
        }
    }

    /// <summary>The <c>Set-Cookie</c> headers of the last sign-in response.</summary>
    public IReadOnlyList<string> SetCookies { get; private set; } = [];

    /// <summary>The cookies kept so far, as a <c>Cookie</c> header.</summary>
    public string CookieHeader => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    public HttpClient Client => client;

    /// <summary>Posts the sign-in form; the response is a redirect on success.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string key)
    {
        var form = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/login"));
        var token = FormToken(await form.Content.ReadAsStringAsync());
        var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Key"] = key,
            }),
        };
        var response = await SendAsync(post);
        SetCookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? [.. set] : [];
        return response;
    }

    /// <summary>Sends a request with the kept cookies and keeps the ones it sets.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", CookieHeader);
        }

        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set)
            {
                var pair = cookie.Split(';')[0];
                var split = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..split], pair[(split + 1)..]);
                if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookies.Remove(name);
                }
                else
                {
                    cookies[name] = value;
                }
            }
        }

        return response;
    }

    /// <summary>The antiforgery token of the first form in a page.</summary>
    public static string FormToken(string html)
    {
        var match = TokenInput().Match(html);
        Assert.True(match.Success, "the page has no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
