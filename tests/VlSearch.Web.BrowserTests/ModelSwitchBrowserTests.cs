using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VlSearch.Testing;
using VlSearch.ModelHub;

namespace VlSearch.Web.Tests;

/// <summary>Switching the active model from the admin page, in a real browser.</summary>
public sealed class ModelSwitchBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Using_an_installed_model_makes_it_active_and_embeds_the_library_with_it()
    {
        Skip.IfNot(BrowserFixture.Available, BrowserTests.NoBrowser);
        await app.EnsureIndexedAsync();
        var source = RandomClipModel.Write(Path.Combine(app.Factory.TempRoot, "other-source"), name: "other-clip", seed: 6);
        await app.Factory.Services.GetRequiredService<ModelManager>().ImportAsync(source, "other-clip");

        var page = await app.NewPageAsync();
        await BrowserTests.SignInToAdminAsync(page, app.Factory.AdminKey);

        // The page lists models when it loads: the one just installed shows after a reload.
        await page.ReloadAsync();
        await BrowserTests.WaitInteractiveAsync(page);
        var row = page.Locator("table.models tr", new PageLocatorOptions { HasText = "other-clip" });
        Assert.Equal(0, await page.Locator("table.models tr.active button.use").CountAsync());
        var before = await BrowserTests.NewestJobIdAsync(page);
        await row.Locator("button.use").ClickAsync();

        var job = await BrowserTests.WaitForJobAsync(page, afterId: before);
        Assert.Equal("100%", job.Percent);
        await page.WaitForSelectorAsync("#status strong:text-is('other-clip')");
        await page.WaitForSelectorAsync("table.models tr.active:has-text('other-clip (active)')");
        Assert.Equal(1, await page.Locator("table.models tr", new PageLocatorOptions { HasText = "vlsearch-tiny" }).Locator("button.use").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "admin-models.png"), FullPage = true });
    }
}
