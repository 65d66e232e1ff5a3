using System.Text.Json.Serialization;

namespace VlSearch.USearch;

/// <summary>
/// Generated serializer of the manifest: every command reads one at start, and the reflection-based serializer's
/// first use costs more than the rest of the check.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CollectionManifest))]
internal sealed partial class CollectionManifestJson : JsonSerializerContext;
