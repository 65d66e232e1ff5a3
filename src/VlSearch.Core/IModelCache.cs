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
}
