namespace VlSearch.ModelHub;

/// <summary>One file of a catalog model.</summary>
/// <param name="Path">Path inside the repository, forward slashes.</param>
/// <param name="Size">Size in bytes, or null when not recorded.</param>
/// <param name="Sha256">Lower-case hex SHA-256, or null when not recorded.</param>
/// <param name="Variant">
/// Null for files every variant needs; otherwise the ONNX variant the file belongs to: "" (full precision),
/// "quantized" or "fp16".
/// </param>
/// <param name="Optional">True when a repository may lack the file (a 404 then skips it instead of failing the pull).</param>
public sealed record KnownModelFile(string Path, long? Size = null, string? Sha256 = null, string? Variant = null, bool Optional = false);
