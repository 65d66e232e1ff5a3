using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace VlSearch.Web.Tests;

/// <summary>The pages in a real browser: admin indexing, search, the photo page and search by uploaded image.</summary>
public sealed partial class BrowserTests(BrowserFixture app, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    internal const string NoBrowser = "Debian's chromium is not installed at /usr/bin/chromium (.ci/setup.sh installs it).";

    [SkippableFact]
    public async Task A_library_added_in_admin_is_indexed_to_100_percent_and_a_search_shows_its_photo()
    {
        Skip.IfNot(BrowserFixture.Available, NoBrowser);
        var page = await app.NewPageAsync();
        await SignInToAdminAsync(page, app.Factory.AdminKey);

        await page.FillAsync("#library-path", app.Library.Folder);
        var before = await NewestJobIdAsync(page);
        await page.ClickAsync("#add-library");
        var first = await WaitForJobAsync(page, afterId: before);
        Assert.Equal("100%", first.Percent);

        await page.ClickAsync("#reindex-all");
        var reindex = await WaitForJobAsync(page, afterId: first.Id);
        Assert.Equal("100%", reindex.Percent);
        output.WriteLine($"progress seen during the reindex: {string.Join(", ", reindex.Seen)}");
        await page.WaitForSelectorAsync("#photo-count:text-is('40')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "admin.png"), FullPage = true });

        var (path, caption) = app.Library.Captions.Skip(3).First();
        await page.GotoAsync("/");
        await WaitInteractiveAsync(page);
        await page.FillAsync("#query", caption);
        await page.WaitForSelectorAsync(".status .summary");
        var names = await page.Locator("li.card .name").AllTextContentsAsync();
        Assert.Contains(Path.GetFileName(path), names.Take(5));
        Assert.All(await page.Locator("li.card .score").AllTextContentsAsync(), s => Assert.Matches(@"^-?\d\.\d{3}$", s));
        await WaitThumbnailsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "search.png") });
    }

    [SkippableFact]
    public async Task Opening_a_result_shows_the_large_preview_path_exif_and_similar_photos()
    {
        Skip.IfNot(BrowserFixture.Available, NoBrowser);
        await app.EnsureIndexedAsync();
        var page = await app.NewPageAsync();

        await page.GotoAsync("/?q=" + Uri.EscapeDataString("a big green circle"));
        await page.WaitForSelectorAsync("li.card");
        var expectedName = await page.Locator("li.card .name").First.TextContentAsync();
        await page.Locator("li.card a.thumb").First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/photos/\d+$"));

        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#preview'); return i && i.complete && i.naturalWidth > 0; }");
        var path = await page.Locator("dd.path").TextContentAsync();
        Assert.Equal(expectedName, Path.GetFileName(path));
        Assert.Contains(path, app.Library.Captions.Keys);
        Assert.Contains("224 × 224", await page.Locator("dl.exif").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("li.card").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "photo.png"), FullPage = true });
    }

    [SkippableFact]
    public async Task Uploading_an_image_finds_that_photo_first()
    {
        Skip.IfNot(BrowserFixture.Available, NoBrowser);
        await app.EnsureIndexedAsync();
        var page = await app.NewPageAsync();
        var path = app.Library.Captions.Keys.Skip(11).First();

        await page.GotoAsync("/");
        await WaitInteractiveAsync(page);
        await page.SetInputFilesAsync("#image-upload", path);
        await page.WaitForSelectorAsync(".status .summary:has-text('images like')");
        Assert.Equal(Path.GetFileName(path), await page.Locator("li.card .name").First.TextContentAsync());
        Assert.Equal("1.000", await page.Locator("li.card .score").First.TextContentAsync());
        await WaitThumbnailsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "upload.png") });
    }

    [SkippableFact]
    public async Task The_slash_key_jumps_to_the_query_box_and_escape_clears_it()
    {
        Skip.IfNot(BrowserFixture.Available, NoBrowser);
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");
        await WaitInteractiveAsync(page);
        await page.FillAsync("#query", "a yellow star");
        await page.Locator("h1").EvaluateAsync("h => h.closest('main').focus()");
        await page.EvaluateAsync("() => document.activeElement.blur()");

        // The page script attaches after the first interactive render.
        await page.WaitForFunctionAsync("() => { document.dispatchEvent(new KeyboardEvent('keydown', { key: '/' })); return document.activeElement?.id === 'query'; }");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync(".status .empty");
        Assert.Equal(0, await page.Locator("li.card").CountAsync());
    }

    /// <summary>Opens /admin, which sends to the login page, signs in with the key and waits for the live admin page.</summary>
    internal static async Task SignInToAdminAsync(IPage page, string adminKey)
    {
        await page.GotoAsync("/admin");
        await page.WaitForURLAsync(new Regex("/login"));
        await page.FillAsync("#admin-key", adminKey);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(new Regex("/admin$"));
        await WaitInteractiveAsync(page);
    }

    internal static Task WaitInteractiveAsync(IPage page) => page.WaitForSelectorAsync("#page-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    private static Task WaitThumbnailsAsync(IPage page) =>
        page.WaitForFunctionAsync("() => [...document.querySelectorAll('li.card img')].slice(0, 8).every(i => i.complete && i.naturalWidth > 0)");

    internal static async Task<long> NewestJobIdAsync(IPage page)
    {
        var newest = page.Locator(".job").First;
        return await newest.CountAsync() > 0 ? long.Parse(await newest.GetAttributeAsync("data-job-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    internal sealed record FinishedJob(long Id, string Percent, List<string> Seen);

    /// <summary>Polls the jobs list until a job newer than <paramref name="afterId"/> has finished, noting the progress it showed.</summary>
    internal static async Task<FinishedJob> WaitForJobAsync(IPage page, long afterId)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var newest = page.Locator(".job").First;
            if (await newest.CountAsync() > 0 && long.Parse(await newest.GetAttributeAsync("data-job-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > afterId)
            {
                var percent = await newest.Locator(".job-percent").TextContentAsync() ?? "";
                if (seen.Count == 0 || seen[^1] != percent)
                {
                    seen.Add(percent);
                }

                var state = await newest.GetAttributeAsync("data-state");
                if (state == "succeeded")
                {
                    // The page may have re-rendered between the two reads: the final percentage is read after the state.
                    var final = await newest.Locator(".job-percent").TextContentAsync() ?? "";
                    seen.Add(final);
                    return new FinishedJob(long.Parse(await newest.GetAttributeAsync("data-job-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture), final, seen);
                }

                Assert.True(state is "queued" or "running", $"job ended as {state}: {await newest.TextContentAsync()}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The job did not finish in time; progress seen: " + string.Join(", ", seen));
    }
}
