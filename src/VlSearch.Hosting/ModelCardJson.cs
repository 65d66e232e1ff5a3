using System.Text.Json.Serialization;

namespace VlSearch.Hosting;

/// <summary>Generated serializer of the model cards file, read by every command that indexes.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, ModelCard>))]
internal sealed partial class ModelCardJson : JsonSerializerContext;
