using System.Text.Json;
using System.Text.Json.Serialization;

namespace VlSearch.ModelHub;

/// <summary>JSON settings shared by the catalog and manifests: camelCase, nulls omitted, indented for humans.</summary>
internal static class ModelJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}
