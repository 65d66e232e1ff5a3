namespace VlSearch.Core;

/// <summary>
/// What a vector index stores beside each vector, so that search results can be filtered and shown without a
/// catalog round trip. Tags and caption are filled by later enrichment stages (auto-tagging, captioning).
/// </summary>
public sealed record PhotoPayload
{
    public required string Path { get; init; }

    public string? Library { get; init; }

    public DateTime? TakenAt { get; init; }

    public string? Camera { get; init; }

    /// <summary>Lower-case format name (jpeg, png...).</summary>
    public string? FileType { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Caption { get; init; }
}
