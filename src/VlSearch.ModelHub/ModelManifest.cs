using System.Text.Json;

namespace VlSearch.ModelHub;

/// <summary>
/// <c>vlsearch-model.json</c>, written last into an installed model folder: what was installed, from where, and the
/// size and SHA-256 of every file.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "vlsearch-model.json";

    public required string Name { get; init; }

    /// <summary>Where the files came from: a hub URL of the repository and revision, or <c>import:&lt;folder&gt;</c>.</summary>
    public required string Source { get; init; }

    public IReadOnlyList<ModelManifestFile> Files { get; init; } = [];

    /// <summary>Embedding length.</summary>
    public int Dimension { get; init; }

    /// <summary>Whether the model embeds text queries.</summary>
    public bool HasText { get; init; } = true;

    /// <summary>ONNX variant installed ("" full precision, "quantized", "fp16"), when known.</summary>
    public string? Variant { get; init; }

    public DateTimeOffset InstalledAt { get; init; }

    /// <summary>Total size of the files.</summary>
    public long SizeBytes => Files.Sum(f => f.Size);

    public static ModelManifest Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<ModelManifest>(stream, ModelJson.Options)
            ?? throw new InvalidDataException($"'{path}' is empty.");
    }

    public void Write(string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, this, ModelJson.Options);
    }
}
