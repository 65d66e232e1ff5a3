using System.Security.Cryptography;
using VlSearch.Core;

namespace VlSearch.ModelHub;

/// <summary>
/// Adds a model folder from disk (<c>vlsearch models import</c>): checks that it loads, then copies it into the
/// models folder with a manifest of sizes and SHA-256 digests.
/// </summary>
public sealed class ModelFolderImporter
{
    private const int BufferSize = 1 << 16;

    private readonly ModelInstaller _installer;
    private readonly IModelFolderLoader _folderLoader;
    private readonly IReadOnlyList<IBuiltInModel> _builtIns;

    /// <param name="installer">Where imported models are installed.</param>
    /// <param name="folderLoader">Recognises and loads the folder, to refuse folders that would not load later.</param>
    /// <param name="builtInModels">Models compiled into the application, whose names an import may not take.</param>
    public ModelFolderImporter(ModelInstaller installer, IModelFolderLoader folderLoader, IEnumerable<IBuiltInModel>? builtInModels = null)
    {
        ArgumentNullException.ThrowIfNull(installer);
        ArgumentNullException.ThrowIfNull(folderLoader);
        _installer = installer;
        _folderLoader = folderLoader;
        _builtIns = builtInModels?.ToList() ?? [];
    }

    /// <summary>Copies a model folder into the data folder after checking that it loads.</summary>
    /// <param name="sourceDirectory">The folder to import.</param>
    /// <param name="name">Installed name; the folder's name when null.</param>
    /// <param name="cancellationToken">Stops the copy; nothing is installed then.</param>
    public async Task<ModelManifest> ImportAsync(string sourceDirectory, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDirectory);
        var source = Path.GetFullPath(sourceDirectory);
        if (!Directory.Exists(source))
        {
            throw new ModelHubException($"'{sourceDirectory}' is not a folder.");
        }

        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(source));
        ModelNames.Validate(name);
        if (_builtIns.Any(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ModelHubException($"'{name}' is the name of a built-in model; pick another with --name.");
        }

        var finalDirectory = _installer.InstalledDirectory(name);
        if (Directory.Exists(finalDirectory))
        {
            throw new ModelHubException($"A model named '{name}' is already installed; remove it first or pick another name.");
        }

        var (dimension, hasText) = Probe(source);
        using var importLock = _installer.AcquireLock(name);
        var staging = _installer.ScratchDirectory(name, "import");
        try
        {
            var files = new List<ModelManifestFile>();
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(source, file).Replace(Path.DirectorySeparatorChar, '/');
                if (relative == ModelManifest.FileName)
                {
                    continue;
                }

                var target = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                files.Add(await CopyWithDigestAsync(file, target, relative, cancellationToken));
            }

            var manifest = new ModelManifest
            {
                Name = name,
                Source = $"import:{source}",
                Files = files,
                Dimension = dimension,
                HasText = hasText,
                InstalledAt = DateTimeOffset.UtcNow,
            };
            _installer.Install(staging, manifest);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Loads the folder once, with the smallest settings, to learn its width and towers.</summary>
    private (int Dimension, bool HasText) Probe(string source)
    {
        if (!_folderLoader.CanLoad(source))
        {
            throw new ModelHubException($"'{source}' is not a loadable model: it holds none of the model layouts this application reads.");
        }

        try
        {
            using var model = _folderLoader.Load(source, new InferenceOptions { Threads = 1, BatchSize = 1 });
            return (model.Dimension, model.Text is not null);
        }
        catch (ModelLoadException ex)
        {
            throw new ModelHubException($"'{source}' is not a loadable model: {ex.Message}", ex);
        }
    }

    private static async Task<ModelManifestFile> CopyWithDigestAsync(string source, string target, string relative, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long size = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            size += read;
        }

        return new ModelManifestFile(relative, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
