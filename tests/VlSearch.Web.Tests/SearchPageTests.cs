using Bunit;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Web.Components.Pages;

namespace VlSearch.Web.Tests;

/// <summary>The search page rendered by bUnit over the real services of the indexed test app.</summary>
[Collection(IndexedAppCollection.Name)]
public sealed class SearchPageTests : BunitContext
{
    private readonly IndexedAppFixture app;

    public SearchPageTests(IndexedAppFixture app)
    {
        this.app = app;
        JSInterop.Mode = JSRuntimeMode.Loose;
        var services = app.Factory.Services;
        Services.AddSingleton(services.GetRequiredService<Services.WebSearch>());
        Services.AddSingleton(services.GetRequiredService<Services.PhotoCatalog>());
        Services.AddSingleton(services.GetRequiredService<Services.UploadSearch>());
        Services.AddSingleton(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebOptions>>());
        Services.AddSingleton(services.GetRequiredService<VlSearch.Hosting.RerankerInstallation>());
        Services.AddSingleton(services.GetRequiredService<VlSearch.Hosting.Answers.AnswerProviders>());
    }

    [Fact]
    public void Before_any_query_the_page_says_what_to_do()
    {
        var page = Render<Components.Pages.Search>();
        Assert.Contains("Type a description", page.Find(".status").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("li.card"));
    }

    [Fact]
    public void Typing_a_caption_shows_its_photo_among_the_first_results_after_a_pause()
    {
        var (path, caption) = app.Library.Captions.First();
        var page = Render<Components.Pages.Search>();
        page.Find("#query").Input(caption);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("li.card")), TimeSpan.FromSeconds(10));
        var names = page.FindAll("li.card .name").Take(5).Select(n => n.TextContent).ToList();
        Assert.Contains(Path.GetFileName(path), names);
        Assert.Contains(caption, page.Find(".status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_that_excludes_everything_shows_the_no_results_state_and_escape_clears_it()
    {
        var page = Render<Components.Pages.Search>();
        page.Find("#query").Input("a purple star");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("li.card")), TimeSpan.FromSeconds(10));

        page.Find("input[type=text]").Change("/somewhere/else");
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".no-results")), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("li.card"));

        page.Find("#query").KeyDown("Escape");
        page.WaitForAssertion(() => Assert.Contains("Type a description", page.Find(".status").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void The_weak_tail_of_a_short_query_is_hidden_until_asked_for()
    {
        var page = Render<Components.Pages.Search>();
        page.Find("#query").Input("a purple star");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button.show-weaker")), TimeSpan.FromSeconds(10));
        var shown = page.FindAll("li.card").Count;
        Assert.Matches(@"^\d+ weaker results hidden", page.Find("button.show-weaker").TextContent);

        page.Find("button.show-weaker").Click();

        page.WaitForAssertion(() => Assert.True(page.FindAll("li.card").Count > shown), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("button.show-weaker"));
    }

    [Fact]
    public void More_like_this_replaces_the_results_with_photos_like_the_chosen_one()
    {
        var page = Render<Components.Pages.Search>();
        page.Find("#query").Input("a small red circle");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("li.card")), TimeSpan.FromSeconds(10));
        if (page.FindAll("button.show-weaker").Count > 0)
        {
            page.Find("button.show-weaker").Click();
            page.WaitForAssertion(() => Assert.True(page.FindAll("li.card").Count >= 3), TimeSpan.FromSeconds(10));
        }

        var chosen = page.FindAll("li.card")[2].GetAttribute("data-photo-id");

        page.FindAll("li.card")[2].QuerySelector("button.more")!.Click();
        page.WaitForAssertion(() => Assert.Contains("photos like the chosen one", page.Find(".status").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(chosen, page.FindAll("li.card").Select(c => c.GetAttribute("data-photo-id")));
        Assert.NotEmpty(page.FindAll("li.card"));
    }
}
