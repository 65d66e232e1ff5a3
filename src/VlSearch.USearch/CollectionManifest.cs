using System.Text.Json;
using VlSearch.Core;

namespace VlSearch.USearch;

/// <summary>
/// The commit record of a collection folder. Data files carry a generation number; replacing the manifest is the
/// single atomic step that switches from one saved state to the next, so the vectors and the payload sidecar can
/// never be mixed from two different saves.
/// </summary>
internal sealed record CollectionManifest
{
    public const string FileName = "manifest.json";
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;

    public required string ModelId { get; init; }

    public required int Dimension { get; init; }

    public DistanceMetric Metric { get; init; }

    public USearchQuantization Quantization { get; init; }

    public long Generation { get; init; }

    public long Count { get; init; }

    /// <summary>Deletions (and replacements) since the graph was last built; drives compaction.</summary>
    public long DeletedSinceBuild { get; init; }

    /// <summary>Set when an earlier load found damage; only dropping the collection clears it.</summary>
    public string? RebuildReason { get; init; }

    public string? VectorsFile { get; init; }

    public long VectorsLength { get; init; }

    public string? VectorsSha256 { get; init; }

    /// <summary>Half-precision copies used to re-rank 8-bit graph results, or null.</summary>
    public string? RescoreFile { get; init; }

    public long RescoreLength { get; init; }

    public string? RescoreSha256 { get; init; }

    public required string PayloadsFile { get; init; }

    public long PayloadsLength { get; init; }

    public required string PayloadsSha256 { get; init; }

    public DateTime SavedAtUtc { get; init; }

    public static CollectionManifest Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllBytes(path), CollectionManifestJson.Default.CollectionManifest)
        ?? throw new InvalidDataException("empty manifest");

    public void Write(string path) => DurableFile.Write(path, stream => JsonSerializer.Serialize(stream, this, CollectionManifestJson.Default.CollectionManifest));
}
