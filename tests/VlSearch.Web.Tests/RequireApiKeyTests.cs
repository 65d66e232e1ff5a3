using System.Net;
using Microsoft.AspNetCore.Hosting;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

public sealed class RequireApiKeyTests : IDisposable
{
    private readonly ClosedFactory factory = new();

    [Fact]
    public async Task With_keys_required_search_and_photos_need_a_known_key()
    {
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/search?q=dog")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/photos/1")).StatusCode);

        using var stranger = factory.CreateClient();
        stranger.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/search?q=dog")).StatusCode);

        using var developer = factory.CreateClient();
        developer.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
        Assert.Equal(HttpStatusCode.OK, (await developer.GetAsync("/api/v1/search?q=dog")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await developer.GetAsync("/api/v1/admin/jobs")).StatusCode);
    }

    public void Dispose() => factory.Dispose();

    private sealed class ClosedFactory : VlSearchWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Web:RequireApiKey", "true");
        }
    }
}
