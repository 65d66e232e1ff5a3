using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

public sealed class RateLimitTests : IDisposable
{
    private readonly VlSearchWebFactory factory = new() { RequestsPerMinute = 3 };

    [Fact]
    public async Task Each_api_key_has_its_own_request_budget()
    {
        using var first = factory.CreateClient();
        first.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await first.GetAsync("/api/v1/search?q=k0")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        using var second = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/search?q=k0")).StatusCode);
    }

    [Fact]
    public async Task Made_up_keys_share_the_budget_of_their_address_instead_of_getting_a_fresh_one()
    {
        using var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=k0");
            request.Headers.Add(WebAuth.ApiKeyHeader, $"made-up-key-{i}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Fifteen_hundred_searches_with_made_up_keys_from_one_address_are_throttled()
    {
        using var guesser = new VlSearchWebFactory { Settings = { ["Web:FailedKeyAttemptsPerMinute"] = "10" } };
        using var client = guesser.CreateClient();
        client.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.7");
        var counts = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 1500; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=dog");
            request.Headers.Add(WebAuth.ApiKeyHeader, Guid.NewGuid().ToString("N"));
            var status = (await client.SendAsync(request)).StatusCode;
            counts[status] = counts.GetValueOrDefault(status) + 1;
        }

        // 10 failed keys are allowed per minute; a second minute may begin before the run ends on a slow machine.
        Assert.InRange(counts.GetValueOrDefault(HttpStatusCode.TooManyRequests), 1480, 1490);
        Assert.Equal(1500, counts.Where(c => (int)c.Key < 500).Sum(c => c.Value));
    }

    [Fact]
    public async Task An_address_out_of_failed_key_attempts_is_refused_even_with_a_good_key_and_the_attempts_are_logged_without_the_key()
    {
        var logs = new ListLoggerProvider();
        using var parent = new VlSearchWebFactory { Settings = { ["Web:FailedKeyAttemptsPerMinute"] = "3" } };
        var limited = parent.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using var guesser = limited.CreateClient();
        guesser.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.8");
        const string guess = "wrong-admin-key-guess-0123456789abcdef";
        for (var i = 0; i < 3; i++)
        {
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/status");
            wrong.Headers.Add(WebAuth.ApiKeyHeader, guess);
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SendAsync(wrong)).StatusCode);
        }

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=dog");
        right.Headers.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
        var refused = await guesser.SendAsync(right);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var elsewhere = limited.CreateClient();
        elsewhere.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.9");
        elsewhere.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/v1/search?q=dog")).StatusCode);

        Assert.Equal(3, logs.Messages.Count(m => m.Contains("Unknown API key from 192.0.2.8", StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(guess, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_admin_keys_at_the_sign_in_page_are_counted_and_then_throttled()
    {
        var logs = new ListLoggerProvider();
        using var parent = new VlSearchWebFactory { Settings = { ["Web:FailedKeyAttemptsPerMinute"] = "2" } };
        var limited = parent.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var login = new AdminLogin(limited, "192.0.2.10");
        Assert.Equal(HttpStatusCode.OK, (await login.SignInAsync("not-the-admin-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await login.SignInAsync("not-the-admin-key")).StatusCode);

        var third = await login.SignInAsync(limited.Services.GetRequiredService<AdminKeyStore>().Key);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(2, logs.Messages.Count(m => m.Contains("Failed admin sign-in from 192.0.2.10", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_request_of_an_address_counts_against_its_budget_before_any_key_is_checked()
    {
        using var limited = new VlSearchWebFactory { Settings = { ["Web:RequestsPerMinutePerAddress"] = "4" } };
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.11");
        var statuses = new List<HttpStatusCode>();
        foreach (var url in new[] { "/api/v1/search?q=dog", "/openapi/v1.json", "/login", "/api/v1/admin/status", "/api/v1/search?q=dog" })
        {
            statuses.Add((await client.GetAsync(url)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);

        using var other = limited.CreateClient();
        other.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.12");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/search?q=dog")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_addresses_are_believed_only_from_known_proxies()
    {
        using var proxied = new VlSearchWebFactory
        {
            Settings = { ["Web:RequestsPerMinutePerAddress"] = "2", ["Web:KnownProxies:0"] = "10.0.0.1" },
        };
        using var client = proxied.CreateClient();

        // Through the proxy each forwarded client has its own budget.
        for (var i = 1; i <= 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=dog");
            request.Headers.Add(VlSearchWebFactory.RemoteAddressHeader, "10.0.0.1");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i}");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        // From anyone else the header is ignored: inventing addresses does not buy budget.
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=dog");
            request.Headers.Add(VlSearchWebFactory.RemoteAddressHeader, "10.0.0.2");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{10 + i}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Live_pages_per_address_are_capped()
    {
        using var capped = new VlSearchWebFactory { Settings = { ["Web:CircuitsPerAddress"] = "2" } };
        using var client = capped.CreateClient();
        var throttle = capped.Services.GetRequiredService<ClientThrottle>();
        Assert.True(throttle.TryOpenCircuit("192.0.2.13"));
        Assert.True(throttle.TryOpenCircuit("192.0.2.13"));

        using var full = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=not-a-connection");
        full.Headers.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.13");
        var refused = await client.SendAsync(full);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=not-a-connection");
        other.Headers.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.14");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(other)).StatusCode);
        Assert.Equal(0, throttle.OpenCircuits("192.0.2.14"));

        throttle.CloseCircuit("192.0.2.13");
        using var freed = new HttpRequestMessage(HttpMethod.Get, "/_blazor?id=not-a-connection");
        freed.Headers.Add(VlSearchWebFactory.RemoteAddressHeader, "192.0.2.13");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(freed)).StatusCode);
        Assert.Equal(1, throttle.OpenCircuits("192.0.2.13"));
    }

    [Fact]
    public void Ipv6_callers_are_counted_by_their_64_bit_prefix()
    {
        var one = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        one.Connection.RemoteIpAddress = IPAddress.Parse("2001:db8:1:2::1");
        var two = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        two.Connection.RemoteIpAddress = IPAddress.Parse("2001:db8:1:2:ffff::9");
        var three = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        three.Connection.RemoteIpAddress = IPAddress.Parse("2001:db8:1:3::1");
        Assert.Equal(ClientAddress.Of(one), ClientAddress.Of(two));
        Assert.NotEqual(ClientAddress.Of(one), ClientAddress.Of(three));
    }

    public void Dispose() => factory.Dispose();
}
