using VlSearch.Core;

namespace VlSearch.VectorIndex.Tests;

/// <summary>
/// The documented <see cref="PhotoFilter"/> semantics as one table: photos on every boundary and, per rule, exactly
/// the ids a filter must return. Checked against <see cref="PhotoFilter.Matches"/> here and against every index by
/// the conformance suite.
/// </summary>
public sealed class FilterSemantics
{
    private static readonly DateTime Noon = new(2021, 6, 15, 12, 0, 0);
    private static readonly DateTime Midnight = new(2021, 6, 15, 0, 0, 0);
    private static readonly DateTime LastMillisecond = new(2021, 6, 15, 23, 59, 59, 999);

    /// <summary>Photos chosen to sit on every boundary of the table below, keyed by id.</summary>
    public static readonly Dictionary<long, PhotoPayload> Photos = new()
    {
        [1] = new() { Path = "/photos/2021/a.jpg", Library = "home", TakenAt = Noon, Camera = "Pixel 8", FileType = "jpeg", Tags = ["Beach"] },
        [2] = new() { Path = "/photos/2021/x/b.jpg", Library = "Home", TakenAt = Noon.AddMilliseconds(-1), Camera = "PIXEL 8", FileType = "JPEG", Tags = ["beach"] },
        [3] = new() { Path = "/photos/2021-old/c.jpg", Library = "work", TakenAt = Noon.AddMilliseconds(1), Camera = "pixel 8", FileType = "Jpeg" },
        [4] = new() { Path = "/photos/2021.jpg", Library = "home", TakenAt = Noon.AddDays(1), Camera = "Canon EOS R5", FileType = "png" },
        [5] = new() { Path = "/photos/20211/d.jpg" },
        [6] = new() { Path = "/other/photos/2021/e.jpg", Library = "work", TakenAt = Midnight, Camera = "Nikon Z6", FileType = "webp" },
        [7] = new() { Path = "/photos/2021/x/y/f.png", Library = "home", TakenAt = LastMillisecond, Camera = "Canon EOS R5", FileType = "PNG" },
        [8] = new() { Path = @"C:\photos\2021\g.jpg", Library = "home", TakenAt = new DateTime(2020, 1, 1), FileType = "jpeg" },
        [9] = new() { Path = @"C:\photos\2021-old\h.jpg", Library = "home", TakenAt = new DateTime(2022, 1, 1), FileType = "jpeg" },
        // Half a millisecond after noon: instants compare at millisecond precision, so this is "at" noon.
        [10] = new() { Path = "/photos/2022/i.jpg", Library = "home", TakenAt = Noon.AddTicks(TimeSpan.TicksPerMillisecond / 2), Camera = "iPhone 15", FileType = "heic" },
    };

    /// <summary>Each filter with exactly the ids of <see cref="Photos"/> it must return.</summary>
    public static readonly TheoryData<string, PhotoFilter, long[]> Cases = new()
    {
        { "taken from is inclusive at the exact instant", new PhotoFilter { TakenFrom = Noon }, [1, 3, 4, 7, 9, 10] },
        { "taken to is inclusive at the exact instant", new PhotoFilter { TakenTo = Noon }, [1, 2, 6, 8, 10] },
        { "from and to on one instant keep that millisecond", new PhotoFilter { TakenFrom = Noon, TakenTo = Noon }, [1, 10] },
        { "a date without time is midnight at its start", new PhotoFilter { TakenTo = Midnight.Date }, [6, 8] },
        { "a whole day runs to its last millisecond", new PhotoFilter { TakenFrom = Midnight, TakenTo = LastMillisecond }, [1, 2, 3, 6, 7, 10] },
        { "a missing date never matches a date condition", new PhotoFilter { TakenFrom = new DateTime(1900, 1, 1) }, [1, 2, 3, 4, 6, 7, 8, 9, 10] },
        { "camera ignores case", new PhotoFilter { Cameras = ["pixel 8"] }, [1, 2, 3] },
        { "any listed camera in any case", new PhotoFilter { Cameras = ["PIXEL 8", "canon eos r5"] }, [1, 2, 3, 4, 7] },
        { "file type ignores case", new PhotoFilter { FileTypes = ["JPEG"] }, [1, 2, 3, 8, 9] },
        { "file type lower case finds upper case", new PhotoFilter { FileTypes = ["png"] }, [4, 7] },
        { "library is case-sensitive", new PhotoFilter { Libraries = ["home"] }, [1, 4, 7, 8, 9, 10] },
        { "a missing library never matches", new PhotoFilter { Libraries = ["home", "Home", "work"] }, [1, 2, 3, 4, 6, 7, 8, 9, 10] },
        { "a missing camera never matches", new PhotoFilter { Cameras = ["Pixel 8", "Canon EOS R5", "Nikon Z6", "iPhone 15"] }, [1, 2, 3, 4, 6, 7, 10] },
        { "tags are case-sensitive", new PhotoFilter { Tags = ["beach"] }, [2] },
        { "folder without trailing separator", new PhotoFilter { PathPrefix = "/photos/2021" }, [1, 2, 7] },
        { "folder with trailing separator", new PhotoFilter { PathPrefix = "/photos/2021/" }, [1, 2, 7] },
        { "nested folder", new PhotoFilter { PathPrefix = "/photos/2021/x" }, [2, 7] },
        { "sibling folder sharing the name prefix", new PhotoFilter { PathPrefix = "/photos/2021-old" }, [3] },
        { "parent folder holds every level below", new PhotoFilter { PathPrefix = "/photos" }, [1, 2, 3, 4, 5, 7, 10] },
        { "folder is case-sensitive", new PhotoFilter { PathPrefix = "/Photos/2021" }, [] },
        { "backslash folder without trailing separator", new PhotoFilter { PathPrefix = @"C:\photos\2021" }, [8] },
        { "backslash folder with trailing separator", new PhotoFilter { PathPrefix = @"C:\photos\2021\" }, [8] },
        { "conditions combine", new PhotoFilter { PathPrefix = "/photos/2021", FileTypes = ["jpeg"], TakenTo = Noon }, [1, 2] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PhotoFilter_matches_exactly_the_documented_photos(string rule, PhotoFilter filter, long[] expected)
    {
        var matching = Photos.Where(p => filter.Matches(p.Value)).Select(p => p.Key).Order().ToArray();
        Assert.True(expected.SequenceEqual(matching), $"{rule}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", matching)}]");
    }

    [Fact]
    public void Folder_prefix_always_ends_at_a_separator_of_the_path_style()
    {
        Assert.Equal("/photos/2021/", PhotoFilterRules.FolderPrefix("/photos/2021"));
        Assert.Equal("/photos/2021/", PhotoFilterRules.FolderPrefix("/photos/2021/"));
        Assert.Equal(@"C:\photos\", PhotoFilterRules.FolderPrefix(@"C:\photos"));
        Assert.Equal("", PhotoFilterRules.FolderPrefix(""));
        Assert.Equal(["/", "/a/", "/a/b/"], PhotoFilterRules.FoldersOf("/a/b/c.jpg"));
    }
}
