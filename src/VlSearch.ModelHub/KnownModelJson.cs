using System.Text.Json;
using System.Text.Json.Serialization;

namespace VlSearch.ModelHub;

/// <summary>
/// Generated reader of <c>known-models.json</c>: every command loads the catalogue at start, and building a reflection
/// reader for it cost more than the read. Same rules as <see cref="ModelJson.Options"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(KnownModelCatalog.CatalogDocument))]
internal sealed partial class KnownModelJson : JsonSerializerContext;
