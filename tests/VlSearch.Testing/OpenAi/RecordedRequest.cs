using System.Text.Json.Nodes;

namespace VlSearch.Testing.OpenAi;

/// <summary>One request the double received, as it arrived.</summary>
public sealed record RecordedRequest(
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string? Model,
    JsonObject? Body,
    IReadOnlyList<ImageSize> Images,
    bool Stream,
    string? Rejection)
{
    /// <summary>The <c>Authorization</c> header, or null where none was sent.</summary>
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    /// <summary>The text of every user message part, joined: what the model was asked.</summary>
    public string UserText => string.Join("\n", Messages("user").SelectMany(TextParts));

    /// <summary>Whether the conversation already holds a tool reply (the second leg of a tool-call round trip).</summary>
    public bool HasToolReply => Messages("tool").Any();

    /// <summary>The content of every tool reply message.</summary>
    public IReadOnlyList<string> ToolReplies => [.. Messages("tool").Select(m => m["content"]?.GetValue<string>() ?? "")];

    private IEnumerable<JsonObject> Messages(string role) =>
        (Body?["messages"] as JsonArray ?? []).OfType<JsonObject>().Where(m => (string?)m["role"] == role);

    private static IEnumerable<string> TextParts(JsonObject message) => message["content"] switch
    {
        JsonValue text => [text.GetValue<string>()],
        JsonArray parts => parts.OfType<JsonObject>().Where(p => (string?)p["type"] == "text").Select(p => (string?)p["text"] ?? ""),
        _ => [],
    };
}
