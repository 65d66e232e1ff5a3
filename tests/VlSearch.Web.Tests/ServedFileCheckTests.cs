using VlSearch.Search;
using VlSearch.Testing;
using VlSearch.Web.Services;

namespace VlSearch.Web.Tests;

/// <summary>A catalogued file is read only while it is still the regular file that was indexed, under its library.</summary>
public sealed class ServedFileCheckTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void The_file_as_indexed_passes()
    {
        var file = Catalogued("photos/2024/a.jpg");
        Assert.Null(ServedFileCheck.Refusal(file));
        using var stream = ServedFileCheck.OpenVerified(file, out var refusal);
        Assert.NotNull(stream);
        Assert.Null(refusal);
    }

    [Fact]
    public void A_file_replaced_by_a_symbolic_link_to_a_file_of_the_same_size_and_time_is_refused()
    {
        var file = Catalogued("photos/a.jpg");
        var secret = Path.Combine(temp.Sub("data"), "secret.jpg");
        File.Copy(file.Path, secret);
        File.SetLastWriteTimeUtc(secret, file.ModifiedAt);
        File.Delete(file.Path);
        File.CreateSymbolicLink(file.Path, secret);

        Assert.Contains("symbolic link", ServedFileCheck.Refusal(file), StringComparison.Ordinal);
        Assert.Null(ServedFileCheck.OpenVerified(file, out _));
    }

    [Fact]
    public void A_folder_below_the_root_replaced_by_a_symbolic_link_is_refused()
    {
        var file = Catalogued("photos/2024/a.jpg");
        var elsewhere = temp.Sub("elsewhere");
        File.Copy(file.Path, Path.Combine(elsewhere, "a.jpg"));
        File.SetLastWriteTimeUtc(Path.Combine(elsewhere, "a.jpg"), file.ModifiedAt);
        Directory.Delete(Path.Combine(temp.Path, "photos", "2024"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "photos", "2024"), elsewhere);

        Assert.Contains("symbolic link", ServedFileCheck.Refusal(file), StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_root_that_is_itself_a_link_still_serves_its_files()
    {
        var file = Catalogued("real/a.jpg");
        var linked = Path.Combine(temp.Path, "linked");
        Directory.CreateSymbolicLink(linked, Path.Combine(temp.Path, "real"));
        var throughLink = file with { Path = Path.Combine(linked, "a.jpg"), LibraryRoot = linked };
        Assert.Null(ServedFileCheck.Refusal(throughLink));
    }

    [Theory]
    [InlineData("size")]
    [InlineData("time")]
    public void A_file_whose_size_or_time_differs_from_the_catalog_is_refused(string change)
    {
        var file = Catalogued("photos/a.jpg");
        if (change == "size")
        {
            File.AppendAllText(file.Path, "x");
            File.SetLastWriteTimeUtc(file.Path, file.ModifiedAt);
        }
        else
        {
            File.SetLastWriteTimeUtc(file.Path, file.ModifiedAt.AddSeconds(5));
        }

        Assert.Contains("changed", ServedFileCheck.Refusal(file), StringComparison.Ordinal);
        Assert.Null(ServedFileCheck.OpenVerified(file, out _));
    }

    [Theory]
    [InlineData("other")]
    [InlineData("photos/../other")]
    public void A_path_outside_its_library_root_is_refused(string folder)
    {
        var file = Catalogued("other/a.jpg");
        Directory.CreateDirectory(Path.Combine(temp.Path, "photos"));
        var moved = file with { Path = Path.Combine(temp.Path, folder, "a.jpg"), LibraryRoot = Path.Combine(temp.Path, "photos") };
        Assert.NotNull(ServedFileCheck.Refusal(moved));
    }

    [Fact]
    public void A_folder_where_the_file_was_is_refused()
    {
        var file = Catalogued("photos/a.jpg");
        File.Delete(file.Path);
        Directory.CreateDirectory(file.Path);
        Assert.NotNull(ServedFileCheck.Refusal(file));
    }

    private PhotoFile Catalogued(string relative)
    {
        var path = Path.Combine(temp.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF, 1, 2, 3, 4, 5]);
        var info = new FileInfo(path);
        var root = Path.Combine(temp.Path, relative.Split('/')[0]);
        return new PhotoFile(1, path, "0123456789abcdef", "jpeg", info.Length, info.LastWriteTimeUtc, root);
    }

    public void Dispose() => temp.Dispose();
}
