using VlSearch.Testing;

namespace VlSearch.Training.Tests;

internal static class TestPaths
{
    /// <summary>The repository root (the folder holding VlSearch.sln).</summary>
    public static string RepositoryRoot() => RepositoryPaths.Root;

    public static string ShippedModel => Path.Combine(RepositoryRoot(), "models", "vlsearch-tiny");

    public static string TempFolder(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
