namespace VlSearch.ModelHub;

/// <summary>Progress of a pull: the file being fetched and the whole model.</summary>
/// <param name="Model">Name of the model being pulled.</param>
/// <param name="File">Path of the current file inside the repository.</param>
/// <param name="FileIndex">Zero-based index of the current file.</param>
/// <param name="FileCount">Number of files in the pull.</param>
/// <param name="FileBytes">Bytes of the current file on disk (resumed bytes included).</param>
/// <param name="FileTotal">Size of the current file, when known.</param>
/// <param name="Bytes">Bytes of all files on disk so far.</param>
/// <param name="Total">Size of all files, when every size is known.</param>
public sealed record DownloadProgress(
    string Model,
    string File,
    int FileIndex,
    int FileCount,
    long FileBytes,
    long? FileTotal,
    long Bytes,
    long? Total);
