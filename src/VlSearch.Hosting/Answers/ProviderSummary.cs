namespace VlSearch.Hosting.Answers;

/// <summary>What the admin page shows of one capability: whether it is on, where it sends and how much. Never the key.</summary>
public sealed record ProviderSummary(
    string Capability,
    bool Enabled,
    string? Provider,
    string? Endpoint,
    string? Model,
    bool HasKey,
    int ImageMaxSide,
    int MaxImagesPerRequest,
    int MaxTokens,
    int RequestsPerMinute,
    int Concurrency,
    string? Problem);
