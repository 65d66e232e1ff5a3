namespace VlSearch.ModelHub;

/// <summary>
/// Owns the models folder, <c>&lt;data&gt;/models/&lt;name&gt;/</c>. A model folder becomes visible only once
/// complete: its files are gathered in <c>models/.tmp/</c>, the manifest is written, and the folder is moved into
/// place in one step. Removal moves the folder aside first so that a half-deleted folder is never taken for a model.
/// </summary>
public sealed class ModelInstaller
{
    private const string TempFolderName = ".tmp";

    private readonly ModelHubOptions _options;

    /// <param name="options">Where the data folder is.</param>
    public ModelInstaller(ModelHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The folder holding installed models.</summary>
    public string ModelsDirectory => _options.ModelsDirectory;

    /// <summary>Staging and scratch space inside the models folder, so that the final move stays on one volume.</summary>
    internal string TempRoot => Path.Combine(ModelsDirectory, TempFolderName);

    /// <summary>The folder a model named <paramref name="name"/> is (or would be) installed in.</summary>
    public string InstalledDirectory(string name)
    {
        ModelNames.Validate(name);
        return Path.Combine(ModelsDirectory, name);
    }

    /// <summary>The manifest of an installed model, or null when it is not installed.</summary>
    public ModelManifest? GetInstalled(string name)
    {
        if (!IsPlausibleName(name))
        {
            return null;
        }

        var manifest = Path.Combine(ModelsDirectory, name, ModelManifest.FileName);
        return File.Exists(manifest) ? ModelManifest.Read(manifest) : null;
    }

    /// <summary>The staging folder a pull of <paramref name="name"/> downloads into; kept between attempts to resume.</summary>
    internal string StagingDirectory(string name) => Path.Combine(TempRoot, name);

    /// <summary>A fresh scratch folder path for one operation on <paramref name="name"/> (not created).</summary>
    internal string ScratchDirectory(string name, string purpose) => Path.Combine(TempRoot, $"{name}.{purpose}-{Guid.NewGuid():N}");

    /// <summary>
    /// Holds the per-name lock while the returned stream is open, so that two pulls or imports of one model never
    /// write the same staging folder.
    /// </summary>
    internal FileStream AcquireLock(string name)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, $"{name}.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException ex)
        {
            throw new ModelHubException($"Another pull or import of '{name}' is running.", ex);
        }
    }

    /// <summary>Writes <paramref name="manifest"/> into <paramref name="staging"/> and moves the folder into place.</summary>
    internal void Install(string staging, ModelManifest manifest)
    {
        var finalDirectory = InstalledDirectory(manifest.Name);
        manifest.Write(Path.Combine(staging, ModelManifest.FileName));
        try
        {
            Directory.Move(staging, finalDirectory);
        }
        catch (IOException ex)
        {
            throw new ModelHubException($"Could not move the model into '{finalDirectory}': {ex.Message}", ex);
        }
    }

    /// <summary>Deletes the installed folder and any partial download of <paramref name="name"/>; false when neither existed.</summary>
    internal bool Uninstall(string name)
    {
        var directory = InstalledDirectory(name);
        var staging = StagingDirectory(name);
        var removed = false;
        if (Directory.Exists(directory))
        {
            Directory.CreateDirectory(TempRoot);
            var trash = ScratchDirectory(name, "removed");
            Directory.Move(directory, trash);
            Directory.Delete(trash, recursive: true);
            removed = true;
        }

        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
            removed = true;
        }

        return removed;
    }

    private static bool IsPlausibleName(string name)
    {
        try
        {
            ModelNames.Validate(name);
            return true;
        }
        catch (ModelHubException)
        {
            return false;
        }
    }
}
