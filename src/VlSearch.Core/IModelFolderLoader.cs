namespace VlSearch.Core;

/// <summary>
/// Recognises and loads model folders (the files of one model on disk). The model hub installs, lists and resolves
/// folders through this contract so that it stays independent of the runtime that executes the models.
/// </summary>
public interface IModelFolderLoader
{
    /// <summary>
    /// Whether <paramref name="directory"/> holds the files of a layout this loader reads. Only names are checked, so
    /// this is cheap; <see cref="Load"/> can still fail on unreadable or inconsistent files.
    /// </summary>
    bool CanLoad(string directory);

    /// <summary>
    /// What the folder's files say about the model without loading it (listings must stay fast). Unknown values are
    /// reported as zero or false rather than thrown.
    /// </summary>
    ModelFolderSummary Describe(string directory);

    /// <summary>
    /// Loads the model in <paramref name="directory"/>; the caller owns the result. Throws
    /// <see cref="ModelLoadException"/> with a user-facing reason when the folder is not a loadable model.
    /// </summary>
    IEmbeddingModel Load(string directory, InferenceOptions options);
}
