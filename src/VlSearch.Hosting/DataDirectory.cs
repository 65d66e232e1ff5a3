namespace VlSearch.Hosting;

/// <summary>Where VlSearch keeps its catalog, index and models.</summary>
public static class DataDirectory
{
    /// <summary>Environment variable that names the data folder when no option does.</summary>
    public const string EnvironmentVariable = "VLSEARCH_DATA";

    /// <summary>The explicit folder, else <c>$VLSEARCH_DATA</c>, else the user's data folder (<c>~/.local/share/vlsearch</c>).</summary>
    public static string Resolve(string? explicitPath)
    {
        var path = explicitPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "vlsearch");
        }

        return Path.GetFullPath(path);
    }
}
