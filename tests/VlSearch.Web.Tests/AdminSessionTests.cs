using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VlSearch.Testing;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

public sealed class AdminSessionTests : IDisposable
{
    private const string FirstKey = "first-admin-key-0123456789abcdefghijkl";
    private const string SecondKey = "second-admin-key-0123456789abcdefghijk";

    private readonly TempFolder temp = new();

    [Theory]
    [InlineData("Web:AdminKey", "short-admin-key")]
    [InlineData("Web:ApiKeys:0:Key", "short-developer-key")]
    public void Keys_shorter_than_32_characters_are_refused_at_start(string setting, string key)
    {
        var factory = new VlSearchWebFactory(temp.Sub(Guid.NewGuid().ToString("N"))) { Settings = { [setting] = key } };
        Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        try
        {
            factory.Dispose();
        }
        catch (ArgumentNullException)
        {
            // WebApplicationFactory cannot stop a host that never started; nothing of it is running.
        }

        // What the operator reads (Program prints it instead of a stack trace).
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = key }).Build()
            .GetSection(WebOptions.SectionName).Get<WebOptions>()!;
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        var message = Assert.Single(results).ErrorMessage!;
        Assert.Contains(setting, message, StringComparison.Ordinal);
        Assert.Contains("at least 32", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_cookie_is_secure_off_loopback_and_has_no_persistent_expiry()
    {
        using var factory = new VlSearchWebFactory(temp.Sub("secure"));
        var remote = new AdminLogin(factory, "192.168.1.20", https: true);
        Assert.Equal(HttpStatusCode.Redirect, (await remote.SignInAsync(factory.AdminKey)).StatusCode);
        var cookie = Assert.Single(remote.SetCookies, c => c.StartsWith(WebAuth.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);

        // Over plain http a browser on another machine would send it in clear: still Secure, so it is never sent there.
        var plain = new AdminLogin(factory, "192.168.1.21");
        await plain.SignInAsync(factory.AdminKey);
        Assert.Contains("secure", Assert.Single(plain.SetCookies, c => c.StartsWith(WebAuth.CookieName + "=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);

        var local = new AdminLogin(factory);
        await local.SignInAsync(factory.AdminKey);
        Assert.DoesNotContain("secure", Assert.Single(local.SetCookies, c => c.StartsWith(WebAuth.CookieName + "=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_session_ends_at_its_absolute_lifetime_whatever_the_activity()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var sessions = Sessions(FirstKey, clock);
        var session = sessions.Create();
        Assert.Equal(clock.Now + TimeSpan.FromHours(8), sessions.Properties(session).ExpiresUtc);
        Assert.False(sessions.Properties(session).AllowRefresh);

        clock.Now += TimeSpan.FromHours(7.9);
        Assert.True(sessions.IsValid(session));
        clock.Now += TimeSpan.FromHours(0.2);
        Assert.False(sessions.IsValid(session));

        using var factory = new VlSearchWebFactory(temp.Sub("lifetime"));
        var cookie = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebAuth.CookieScheme);
        Assert.False(cookie.SlidingExpiration);
        Assert.Equal(TimeSpan.FromHours(8), cookie.ExpireTimeSpan);
    }

    [Fact]
    public void A_session_opened_with_another_admin_key_or_signed_out_is_no_longer_valid()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var session = Sessions(FirstKey, clock).Create();
        Assert.False(Sessions(SecondKey, clock).IsValid(session));

        var sessions = Sessions(FirstKey, clock);
        Assert.True(sessions.IsValid(session));
        sessions.Revoke(session);
        Assert.False(sessions.IsValid(session));
    }

    [Fact]
    public void A_signed_out_session_stays_revoked_after_a_restart_until_it_would_have_ended()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var before = Sessions(FirstKey, clock, "restart");
        var signedOut = before.Create();
        var kept = before.Create();
        before.Revoke(signedOut);

        var restarted = Sessions(FirstKey, clock, "restart");
        Assert.False(restarted.IsValid(signedOut));
        Assert.True(restarted.IsValid(kept));

        // Past the session's own end the entry is dropped: the file does not grow with every sign-out ever made.
        clock.Now += restarted.Lifetime + TimeSpan.FromMinutes(1);
        Sessions(FirstKey, clock, "restart").Revoke(null);
        Assert.DoesNotContain(signedOut.FindFirst(AdminSessions.SessionClaim)!.Value, File.ReadAllText(Path.Combine(temp.Sub("restart"), AdminSessions.RevokedFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_admin_key_revokes_sign_ins_made_with_the_old_one()
    {
        var data = temp.Sub("rotate");
        string cookie;
        using (var first = new VlSearchWebFactory(data) { Settings = { ["Web:AdminKey"] = FirstKey } })
        {
            var login = new AdminLogin(first);
            Assert.Equal(HttpStatusCode.Redirect, (await login.SignInAsync(FirstKey)).StatusCode);
            cookie = login.CookieHeader;
            Assert.Equal(HttpStatusCode.OK, (await AdminStatusAsync(first, cookie)).StatusCode);
        }

        using var second = new VlSearchWebFactory(data) { Settings = { ["Web:AdminKey"] = SecondKey } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminStatusAsync(second, cookie)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_needs_the_form_token_and_revokes_the_session_even_for_a_copied_cookie()
    {
        using var factory = new VlSearchWebFactory(temp.Sub("logout"));
        var login = new AdminLogin(factory);
        await login.SignInAsync(factory.AdminKey);
        var copied = login.CookieHeader;

        var forged = await login.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/logout") { Content = new FormUrlEncodedContent([]) });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AdminStatusAsync(factory, copied)).StatusCode);

        var page = await login.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/admin"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = AdminLogin.FormToken(await page.Content.ReadAsStringAsync());
        var logout = await login.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        });
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminStatusAsync(factory, copied)).StatusCode);
    }

    [Fact]
    public async Task The_admin_cookie_opens_the_admin_api_only_from_this_apps_own_pages()
    {
        using var factory = new VlSearchWebFactory(temp.Sub("origin"));
        var login = new AdminLogin(factory);
        await login.SignInAsync(factory.AdminKey);
        var cookie = login.CookieHeader;

        Assert.Equal(HttpStatusCode.OK, (await AdminStatusAsync(factory, cookie, "same-origin")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminStatusAsync(factory, cookie, "cross-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminStatusAsync(factory, cookie, "same-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminStatusAsync(factory, cookie, null)).StatusCode);

        using var client = factory.CreateClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/failed-files/retry");
        post.Headers.Add("Cookie", cookie);
        post.Headers.Add(SameOriginProof.FetchSiteHeader, "none");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(post)).StatusCode);

        using var samePost = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/failed-files/retry");
        samePost.Headers.Add("Cookie", cookie);
        samePost.Headers.Add(SameOriginProof.FetchSiteHeader, "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(samePost)).StatusCode);
    }

    [Fact]
    public async Task Live_pages_revalidate_their_sign_in()
    {
        using var factory = new VlSearchWebFactory(temp.Sub("circuit"));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.IsType<AdminSessionRevalidator>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    public void Dispose() => temp.Dispose();

    private AdminSessions Sessions(string key, TimeProvider clock, string data = "sessions")
    {
        var options = Options.Create(new WebOptions { AdminKey = key });
        var paths = new VlSearch.Hosting.VlSearchPaths(temp.Sub(data));
        return new AdminSessions(new AdminKeyStore(options, paths), options, paths, clock);
    }

    private static async Task<HttpResponseMessage> AdminStatusAsync(VlSearchWebFactory factory, string cookie, string? fetchSite = "same-origin")
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
        request.Headers.Add("Cookie", cookie);
        if (fetchSite is not null)
        {
            request.Headers.Add(SameOriginProof.FetchSiteHeader, fetchSite);
        }

        return await client.SendAsync(request);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
