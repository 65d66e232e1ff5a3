using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VlSearch.Web.Api;
using VlSearch.Web.Hosting;

namespace VlSearch.Web.Tests;

public sealed class NetworkDefaultsTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://192.168.1.20:8080")]
    [InlineData("https://photos.example.com:443")]
    public async Task Listening_on_a_network_address_with_search_open_refuses_to_start(string address)
    {
        var check = Check(new WebOptions(), "http://127.0.0.1:5080", address);
        var refused = await Assert.ThrowsAsync<StartRefusedException>(() => check.StartedAsync(CancellationToken.None));
        Assert.Contains(address, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Web:RequireApiKey", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Web:AllowAnonymousNetwork", refused.Message, StringComparison.Ordinal);
        Assert.False(check.Passed);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5080")]
    [InlineData("http://unix:/run/vlsearch.sock")]
    public async Task Listening_on_this_machine_only_starts_with_search_open(string address)
    {
        var check = Check(new WebOptions(), address);
        await check.StartedAsync(CancellationToken.None);
        Assert.True(check.Passed);
    }

    [Fact]
    public async Task A_network_address_starts_when_keys_are_required_or_anonymous_network_access_is_allowed()
    {
        var keys = Check(new WebOptions { RequireApiKey = true }, "http://0.0.0.0:8080");
        await keys.StartedAsync(CancellationToken.None);
        Assert.True(keys.Passed);

        var allowed = Check(new WebOptions { AllowAnonymousNetwork = true }, "http://0.0.0.0:8080");
        await allowed.StartedAsync(CancellationToken.None);
        Assert.True(allowed.Passed);
    }

    [Fact]
    public async Task Host_names_other_than_loopback_ones_are_refused_by_default()
    {
        using var factory = new VlSearchWebFactory();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/search?q=dog")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=dog");
        request.Headers.Host = "photos.attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData(null, null, "127.0.0.1", true, true)]
    [InlineData(null, null, "192.168.1.20", false, false)]
    [InlineData(true, null, "192.168.1.20", true, false)]
    [InlineData(null, true, "192.168.1.20", false, true)]
    [InlineData(false, false, "127.0.0.1", false, false)]
    public async Task Paths_and_gps_are_left_out_of_api_responses_as_configured(bool? exposePaths, bool? exposeLocation, string caller, bool pathShown, bool locationShown)
    {
        var filter = new ResponseRedaction(Options.Create(new WebOptions { ExposePaths = exposePaths, ExposeLocation = exposeLocation }));
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(caller);
        var photo = new PhotoDetails(1, "/home/ann/Pictures/2024/beach.jpg", "Pictures", 10, 10, "jpeg", 100, DateTime.UtcNow, null, null, null,
            52.52, 13.405, 1, [], "/t", "/o");
        var page = new SearchResponse([new SearchItem(1, photo.Path, 0.5f, "/t", "/o", null, null, "jpeg", "Pictures")], null);

        var details = await filter.InvokeAsync(EndpointFilterInvocationContext.Create(http), _ => ValueTask.FromResult<object?>(TypedResults.Ok(photo)));
        var shown = Assert.IsType<Ok<PhotoDetails>>(details).Value!;
        Assert.Equal(pathShown ? photo.Path : "beach.jpg", shown.Path);
        Assert.Equal(locationShown ? 52.52 : null, shown.Latitude);
        Assert.Equal(locationShown ? 13.405 : null, shown.Longitude);

        var hits = await filter.InvokeAsync(EndpointFilterInvocationContext.Create(http), _ => ValueTask.FromResult<object?>(TypedResults.Ok(page)));
        Assert.Equal(pathShown ? photo.Path : "beach.jpg", Assert.IsType<Ok<SearchResponse>>(hits).Value!.Items[0].Path);
    }

    [Fact]
    public async Task Callers_off_this_machine_see_file_names_instead_of_server_paths_and_admins_see_paths()
    {
        using var factory = new VlSearchWebFactory();
        var library = new SyntheticLibrary(Path.Combine(factory.TempRoot, "photos"), 3);
        await factory.AddLibraryAndWaitAsync(library.Folder);

        using var remote = factory.CreateClient();
        remote.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.168.1.20");
        var page = await remote.GetFromJsonAsync<SearchResponse>("/api/v1/search?q=a&k=3");
        Assert.All(page!.Items, i => Assert.DoesNotContain('/', i.Path));
        var photo = await remote.GetFromJsonAsync<PhotoDetails>(PhotoUrls.Details(page.Items[0].Id));
        Assert.Equal(Path.GetFileName(photo!.Path), photo.Path);

        using var admin = factory.CreateAdminClient();
        admin.DefaultRequestHeaders.Add(VlSearchWebFactory.RemoteAddressHeader, "192.168.1.20");
        var full = await admin.GetFromJsonAsync<PhotoDetails>(PhotoUrls.Details(page.Items[0].Id));
        Assert.Contains(full!.Path, library.Captions.Keys);
    }

    [Fact]
    public void The_launch_profile_runs_in_production()
    {
        var launch = File.ReadAllText(VlSearch.Testing.RepositoryPaths.Combine("web", "VlSearch.Web", "Properties", "launchSettings.json"));
        Assert.DoesNotContain("Development", launch, StringComparison.Ordinal);
        Assert.Contains("Production", launch, StringComparison.Ordinal);
    }

    private static NetworkExposureCheck Check(WebOptions options, params string[] addresses) =>
        new(new FakeServer(addresses), Options.Create(options), NullLogger<NetworkExposureCheck>.Instance);

    private sealed class FakeServer : IServer
    {
        public FakeServer(string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var address in addresses)
            {
                feature.Addresses.Add(address);
            }

            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
