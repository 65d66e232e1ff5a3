using VlSearch.Core;

namespace VlSearch.Hosting;

/// <summary>Makes a model the active one for every later process on a data folder (CLI and web app alike).</summary>
public static class ActiveModelChoice
{
    /// <summary>Records <paramref name="name"/> as <c>Models:Active</c> in the data folder's settings.</summary>
    /// <param name="model">The model, already loaded: choosing one that cannot load must fail before anything is written.</param>
    /// <param name="name">The name or folder it was loaded by, as later processes will load it.</param>
    /// <param name="dataDirectory">The data folder.</param>
    /// <exception cref="ArgumentException">The model has no text encoder, so it cannot serve text searches.</exception>
    /// <exception cref="InvalidDataException">The settings file exists but is not valid JSON.</exception>
    public static void Save(IEmbeddingModel model, string name, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Text is null)
        {
            throw new ArgumentException($"{name} has no text encoder: it finds similar photos but cannot search by text, so it cannot be the active model.");
        }

        SettingsFile.Set(dataDirectory, ModelSelectionOptions.SectionName, nameof(ModelSelectionOptions.Active), name);
    }
}
