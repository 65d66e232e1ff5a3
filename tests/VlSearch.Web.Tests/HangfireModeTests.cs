using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using VlSearch.Web.Api;
using VlSearch.Web.Security;

namespace VlSearch.Web.Tests;

/// <summary>The app with <c>Web:Jobs=hangfire</c>: jobs go through the catalog's job table and Hangfire workers.</summary>
public sealed class HangfireModeTests : IDisposable
{
    private readonly VlSearchWebFactory factory = new() { Jobs = "hangfire" };

    [Fact]
    public async Task The_hangfire_dashboard_is_for_admins_only()
    {
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var redirected = await anonymous.GetAsync("/admin/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/login", redirected.Headers.Location!.PathAndQuery);

        using var developer = factory.CreateClient();
        developer.DefaultRequestHeaders.Add(WebAuth.ApiKeyHeader, VlSearchWebFactory.DeveloperKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await developer.GetAsync("/admin/hangfire")).StatusCode);

        using var admin = factory.CreateAdminClient();
        var dashboard = await admin.GetAsync("/admin/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_library_added_through_the_api_is_indexed_by_the_hangfire_workers()
    {
        var library = new SyntheticLibrary(Path.Combine(factory.TempRoot, "photos"), 12, skip: 100);
        await factory.AddLibraryAndWaitAsync(library.Folder);

        using var client = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        SearchResponse? page;
        do
        {
            // The index sync pushes stored vectors to the index shortly after the batches finish.
            await Task.Delay(200);
            page = await client.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a%20red%20square&k=50");
        }
        while (page!.Items.Count < 12 && DateTime.UtcNow < deadline);

        Assert.Equal(library.Captions.Keys.Order(), page.Items.Select(i => i.Path).Order());
    }

    public void Dispose() => factory.Dispose();
}
