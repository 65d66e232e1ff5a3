namespace VlSearch.Core;

/// <summary>
/// Models loaded once per process, seen through the personal adapter installed for them, for every host (command
/// line, web app, worker). Loading an ONNX session is costly and encoding is thread-safe, so one instance serves all.
/// </summary>
public interface IModelCache
{
    /// <summary>The model by name or folder, adapted when a personal adapter is installed for it.</summary>
    /// <exception cref="ModelLoadException">The model cannot be loaded; the message says why.</exception>
    IEmbeddingModel Get(string nameOrDirectory);

    /// <summary>
    /// Like <see cref="Get"/>, but where the model's id and dimension are known from an earlier load of the same files,
    /// its sessions are created only when a tower is first used: for work that may find nothing to encode.
    /// </summary>
    /// <exception cref="ModelLoadException">The model cannot be loaded; the message says why.</exception>
    IEmbeddingModel GetDeferred(string nameOrDirectory) => Get(nameOrDirectory);
}
