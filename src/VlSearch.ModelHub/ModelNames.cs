namespace VlSearch.ModelHub;

/// <summary>Checks of model names and repository paths before they become folder and file names.</summary>
internal static class ModelNames
{
    public static void Validate(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || !char.IsAsciiLetterOrDigit(name[0]) ||
            !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ModelHubException(
                $"'{name}' is not a valid model name: use letters, digits, '-', '_' and '.', starting with a letter or digit.");
        }
    }

    /// <summary>Maps a repository path (forward slashes) to a file under <paramref name="root"/>, refusing escapes.</summary>
    public static string ToLocalPath(string root, string repoPath)
    {
        var segments = repoPath.Split('/');
        if (repoPath.Length == 0 || repoPath.StartsWith('/') || repoPath.Contains('\\', StringComparison.Ordinal) ||
            segments.Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            throw new ModelHubException($"'{repoPath}' is not a valid file path inside a model repository.");
        }

        return Path.Combine([root, .. segments]);
    }
}
