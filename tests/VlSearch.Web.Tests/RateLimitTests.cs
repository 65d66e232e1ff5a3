using System.Net;
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

    public void Dispose() => factory.Dispose();
}
