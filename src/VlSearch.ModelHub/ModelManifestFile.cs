namespace VlSearch.ModelHub;

/// <summary>One installed file: path relative to the model folder (forward slashes), size and lower-case hex SHA-256.</summary>
public sealed record ModelManifestFile(string Path, long Size, string Sha256);
