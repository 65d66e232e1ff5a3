namespace VlSearch.Core;

/// <summary>
/// A model compiled into the application (its weights ship with a package rather than being downloaded). The model
/// hub lists and resolves these through this contract so that it does not reference the projects implementing them.
/// </summary>
public interface IBuiltInModel
{
    /// <summary>The name users select the model by, e.g. <c>resnet18-imagenet</c>.</summary>
    string Name { get; }

    /// <summary>One line shown by <c>vlsearch models list</c>.</summary>
    string Description { get; }

    /// <summary>Vector length of the loaded model.</summary>
    int Dimension { get; }

    /// <summary>Whether the model has a text tower (false for visual-only models).</summary>
    bool HasText { get; }

    /// <summary>Whether the files the model needs are present, so it can be listed as usable.</summary>
    bool IsAvailable { get; }

    /// <summary>Loads the model; throws <see cref="ModelLoadException"/> when its files are missing.</summary>
    IEmbeddingModel Load(InferenceOptions options);
}
