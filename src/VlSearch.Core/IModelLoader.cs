namespace VlSearch.Core;

/// <summary>Resolves a model name or directory into a loaded model.</summary>
public interface IModelLoader
{
    /// <summary>
    /// Loads the model named <paramref name="nameOrDirectory"/> (an installed or built-in model name, or a path to a
    /// model directory). Throws <see cref="ModelLoadException"/> with a user-facing reason when it cannot.
    /// </summary>
    IEmbeddingModel Load(string nameOrDirectory);
}
