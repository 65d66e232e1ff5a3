namespace VlSearch.Indexing.Tests;

/// <summary>A library root is never the data folder, a folder around or inside it, a system folder, or outside the allow-list.</summary>
public sealed class LibraryRootPolicyTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("vlsearch-roots-").FullName;

    private string Data => Folder("home/data");

    [Theory]
    [InlineData("home/data")]
    [InlineData("home")]
    [InlineData("home/data/thumbnails")]
    public void The_data_folder_a_folder_holding_it_or_one_inside_it_is_refused(string relative)
    {
        var policy = new LibraryRootPolicy(Data);
        var error = Assert.Throws<ArgumentException>(() => policy.Check(Folder(relative)));
        Assert.Contains("data folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_sample_library_inside_the_data_folder_is_accepted()
    {
        var demo = Folder("home/data/demo/photos-40");
        Assert.Equal(demo, new LibraryRootPolicy(Data).Check(demo));
        Assert.Throws<ArgumentException>(() => new LibraryRootPolicy(Data).Check(Folder("home/data/demo")));
    }

    [Fact]
    public void A_link_to_the_data_folder_is_refused_like_the_folder_itself()
    {
        var policy = new LibraryRootPolicy(Data);
        var link = Path.Combine(temp, "innocent");
        Directory.CreateSymbolicLink(link, Path.Combine(temp, "home"));
        Assert.Throws<ArgumentException>(() => policy.Check(link));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/etc")]
    [InlineData("/etc/ssl")]
    [InlineData("/proc")]
    [InlineData("/proc/self")]
    [InlineData("/sys")]
    [InlineData("/dev")]
    [InlineData("/usr")]
    public void System_folders_are_refused(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => new LibraryRootPolicy(Data).Check(folder));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_folder_of_photos_beside_the_data_folder_is_accepted_as_its_full_path()
    {
        var photos = Folder("home/photos");
        Assert.Equal(photos, new LibraryRootPolicy(Data).Check(photos + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void With_allowed_roots_only_folders_under_them_are_accepted()
    {
        var policy = new LibraryRootPolicy(Data, [Folder("srv/photos")]);
        Assert.Equal(Folder("srv/photos/2024"), policy.Check(Folder("srv/photos/2024")));
        Assert.Equal(Folder("srv/photos"), policy.Check(Folder("srv/photos")));
        var error = Assert.Throws<ArgumentException>(() => policy.Check(Folder("home/photos")));
        Assert.Contains("Libraries:AllowedRoots", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => policy.Check(Folder("srv/photos-other")));
    }

    [Fact]
    public void A_missing_folder_is_reported_as_not_found()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new LibraryRootPolicy(Data).Check(Path.Combine(temp, "nowhere")));
    }

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(temp, relative)).FullName.TrimEnd(Path.DirectorySeparatorChar);

    public void Dispose() => Directory.Delete(temp, recursive: true);
}
