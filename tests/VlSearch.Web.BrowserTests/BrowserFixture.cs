using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace VlSearch.Web.Tests;

/// <summary>The web app on a real Kestrel server on a free loopback port, and Debian's chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public static bool Available => File.Exists(Chromium);

    public VlSearchWebFactory Factory { get; } = new() { EnvironmentName = "Development" };

    public SyntheticLibrary Library { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Where screenshots go: the test output folder.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        Library = new SyntheticLibrary(Path.Combine(Factory.TempRoot, "photos"), 40);
        Factory.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>Makes sure the library is catalogued and indexed (idempotent: a second run finds nothing new).</summary>
    public Task EnsureIndexedAsync() => Factory.AddLibraryAndWaitAsync(Library.Folder);

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // A wait that ends only on failure: the first sign-in renders the admin page cold (a CI run on a busy 2-core
        // machine once needed over 30 s for it), and a longer limit costs a passing test nothing.
        context.SetDefaultTimeout(120_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (playwright is not null)
        {
            await Browser.CloseAsync();
            playwright.Dispose();
        }

        Factory.Dispose();
    }
}
