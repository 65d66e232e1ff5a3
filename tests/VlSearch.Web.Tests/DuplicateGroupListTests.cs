using Bunit;
using VlSearch.Search.Duplicates;
using VlSearch.Web.Components.Shared;

namespace VlSearch.Web.Tests;

public sealed class DuplicateGroupListTests : BunitContext
{
    private static DuplicatePhoto Photo(long id, int width) => new(id, $"/p/{id}.jpg", width, width, null, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Each_group_shows_thumbnails_with_the_keeper_marked_and_the_others_scored()
    {
        var groups = new[]
        {
            new DuplicateGroup([new DuplicateMember(Photo(5, 900), 1f), new DuplicateMember(Photo(2, 400), 0.98765f), new DuplicateMember(Photo(3, 300), 0.95f)]),
            new DuplicateGroup([new DuplicateMember(Photo(8, 100), 1f), new DuplicateMember(Photo(9, 100), 0.99f)]),
        };

        var list = Render<DuplicateGroupList>(p => p.Add(c => c.Groups, groups));

        var rendered = list.FindAll("li.duplicate-group");
        Assert.Equal(2, rendered.Count);
        var first = rendered[0].QuerySelectorAll("figure");
        Assert.Equal(3, first.Length);
        Assert.Equal("keep", first[0].ClassName);
        Assert.Equal("Keep", first[0].QuerySelector(".keeper")!.TextContent);
        Assert.Equal("/api/v1/photos/5/thumbnail", first[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("0.988", first[1].QuerySelector(".score")!.TextContent);
        Assert.Null(first[1].QuerySelector(".keeper"));
        Assert.Single(rendered[1].QuerySelectorAll("figure.keep"));
    }
}
