using VlSearch.ModelHub;

namespace VlSearch.Hosting;

/// <summary>Finds a model that settings name: a folder, or a model shipped with the application or installed.</summary>
internal static class ModelFolders
{
    /// <summary>The full path of <paramref name="name"/>'s folder; null when no such folder, shipped or installed model exists.</summary>
    public static string? Locate(string name, ModelHubOptions hub)
    {
        if (Directory.Exists(name))
        {
            return Path.GetFullPath(name);
        }

        // A path that is not a folder names nothing; only a bare name is looked up among shipped and installed models.
        if (name.IndexOfAny(['/', '\\']) >= 0)
        {
            return null;
        }

        return new[] { Path.Combine(hub.BundledModelsDirectory, name), Path.Combine(hub.ModelsDirectory, name) }.FirstOrDefault(Directory.Exists);
    }
}
