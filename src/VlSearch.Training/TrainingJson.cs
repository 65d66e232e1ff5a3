using System.Text.Encodings.Web;
using System.Text.Json;

namespace VlSearch.Training;

/// <summary>How training reports are written: indented camelCase JSON that keeps non-ASCII as it is.</summary>
internal static class TrainingJson
{
    public static readonly JsonSerializerOptions Report = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
