using Bunit;
using VlSearch.Web.Api;
using VlSearch.Web.Components.Shared;

namespace VlSearch.Web.Tests;

public sealed class ComponentTests : BunitContext
{
    private static SearchItem Item(long id, float score, string path) =>
        new(id, path, score, PhotoUrls.Thumbnail(id), PhotoUrls.Original(id), null, null, "png", "photos");

    [Fact]
    public void The_result_grid_shows_one_card_per_hit_with_its_score_link_and_thumbnail()
    {
        var grid = Render<ResultGrid>(p => p.Add(g => g.Items, [Item(7, 0.31249f, "/p/a.png"), Item(3, 0.2f, "/p/b.png")]));

        var cards = grid.FindAll("li.card");
        Assert.Equal(2, cards.Count);
        Assert.Equal("0.312", cards[0].QuerySelector(".score")!.TextContent);
        Assert.Equal("/photos/7", cards[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("/api/v1/photos/3/thumbnail", cards[1].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("b.png", cards[1].QuerySelector("img")!.GetAttribute("alt"));
        Assert.Empty(grid.FindAll("button.more"));
    }

    [Fact]
    public void More_like_this_reports_the_photo_it_belongs_to()
    {
        long? chosen = null;
        var grid = Render<ResultGrid>(p => p
            .Add(g => g.Items, [Item(7, 0.5f, "/p/a.png"), Item(9, 0.4f, "/p/b.png")])
            .Add(g => g.OnMoreLikeThis, (long id) => chosen = id));

        grid.FindAll("button.more")[1].Click();
        Assert.Equal(9, chosen);
    }

    [Theory]
    [InlineData("running", 42.4, "42%")]
    [InlineData("succeeded", 100, "100%")]
    public void A_job_shows_its_state_and_percentage(string state, double percent, string label)
    {
        var job = new JobInfo(5, "reindex-missing", [], state, "embedding", 10, 20, 1, percent, 3, null, DateTime.UtcNow, null);
        var view = Render<JobProgress>(p => p.Add(j => j.Job, job));

        Assert.Equal(label, view.Find(".job-percent").TextContent);
        Assert.Equal(state, view.Find(".job").GetAttribute("data-state"));
        Assert.Equal(Math.Round(percent).ToString(System.Globalization.CultureInfo.InvariantCulture), view.Find("progress").GetAttribute("value"));
        Assert.Equal("1 failed", view.Find(".job-failed").TextContent);
        Assert.Equal(state == "running", view.Find(".job-state").TextContent.Contains("embedding 10/20", StringComparison.Ordinal));
    }
}
