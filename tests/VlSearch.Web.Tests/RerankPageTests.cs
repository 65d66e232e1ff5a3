using Bunit;
using Microsoft.Extensions.DependencyInjection;
using VlSearch.Hosting;
using VlSearch.Web.Components.Pages;

namespace VlSearch.Web.Tests;

/// <summary>
/// The search page's rerank toggle and notice, and the admin page's reranker state, over the app of
/// <see cref="RerankApiTests"/> whose configured reranker model is missing.
/// </summary>
public sealed class RerankPageTests(RerankApiTests.App app) : IClassFixture<RerankApiTests.App>
{
    private BunitContext Context(RerankerInstallation? installation = null)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        if (installation is not null)
        {
            context.Services.AddSingleton(installation);
        }

        context.Services.AddFallbackServiceProvider(app.Factory.Services);
        return context;
    }

    [Fact]
    public async Task The_search_page_offers_the_toggle_checked_and_says_why_a_search_was_not_reranked()
    {
        await using var context = Context();
        var page = context.Render<Components.Pages.Search>();
        Assert.True(page.Find("#rerank").HasAttribute("checked"));

        page.Find("#query").Input("a red circle");

        page.WaitForAssertion(() => Assert.Contains("could not be loaded", page.Find(".rerank-note").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.NotEmpty(page.FindAll("li.card"));

        page.Find("#rerank").Change(false);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".rerank-note")), TimeSpan.FromSeconds(20));
        Assert.NotEmpty(page.FindAll("li.card"));
    }

    [Fact]
    public async Task The_search_page_hides_the_toggle_where_no_reranker_is_installed()
    {
        await using var context = Context(RerankerInstallation.None("none configured"));

        var page = context.Render<Components.Pages.Search>();

        Assert.Empty(page.FindAll("#rerank"));
    }

    [Fact]
    public async Task The_admin_page_shows_the_reranker_model_and_why_it_is_not_loaded()
    {
        await using var context = Context();

        var page = context.Render<Admin>();

        page.WaitForAssertion(() =>
        {
            var state = page.Find("#reranker");
            Assert.Equal("failed", state.GetAttribute("data-state"));
            Assert.Contains("could not be loaded", state.TextContent, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30));
    }
}
