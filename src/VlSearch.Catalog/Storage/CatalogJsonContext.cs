using System.Text.Json.Serialization;

namespace VlSearch.Catalog.Storage;

/// <summary>Source-generated serializers for the JSON columns.</summary>
[JsonSerializable(typeof(List<string>))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
