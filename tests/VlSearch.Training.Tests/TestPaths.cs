namespace VlSearch.Training.Tests;

internal static class TestPaths
{
    /// <summary>The repository root (the folder holding VlSearch.sln), found from the test's base directory.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VlSearch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("VlSearch.sln not found above " + AppContext.BaseDirectory);
    }

    public static string ShippedModel => Path.Combine(RepositoryRoot(), "models", "vlsearch-tiny");

    public static string TempFolder(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
