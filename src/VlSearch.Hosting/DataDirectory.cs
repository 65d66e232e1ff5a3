namespace VlSearch.Hosting;

/// <summary>Where VlSearch keeps its catalog, index and models.</summary>
public static class DataDirectory
{
    /// <summary>Environment variable that names the data folder when no option does.</summary>
    public const string EnvironmentVariable = "VLSEARCH_DATA";

    /// <summary>Mode of a data folder VlSearch creates (0700): it holds keys, settings and the catalog.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// The explicit folder, else <c>$VLSEARCH_DATA</c>, else the user's data folder (<c>~/.local/share/vlsearch</c>);
    /// created (see <see cref="Create"/>) when missing.
    /// </summary>
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

        path = Path.GetFullPath(path);
        Create(path);
        return path;
    }

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) readable by its owner only (<see cref="Mode"/>). An
    /// existing folder keeps the mode its owner gave it.
    /// </summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, Mode);
        }
    }
}
