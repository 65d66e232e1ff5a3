using System.ComponentModel.DataAnnotations;
using VlSearch.SemanticKernel;

namespace VlSearch.Hosting.Answers;

/// <summary>
/// One capability's model service (a section under <c>Answers:</c>). Off by default: nothing leaves the machine until
/// <see cref="Enabled"/> is set with a model (and an endpoint for Azure and OpenAI-compatible servers).
/// </summary>
public abstract class AnswerProviderOptions
{
    public bool Enabled { get; set; }

    public AnswerProviderKind Provider { get; set; } = AnswerProviderKind.OpenAICompatible;

    /// <summary>The API root, e.g. <c>http://127.0.0.1:11434/v1/</c> for Ollama; OpenAI's when empty for <see cref="AnswerProviderKind.OpenAI"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model name (Azure: the deployment name).</summary>
    public string? Model { get; set; }

    /// <summary>The key; prefer <see cref="ApiKeyVariable"/> or the <c>VLSEARCH_Answers__…__ApiKey</c> environment variable over a file.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The name of an environment variable holding the key (e.g. <c>OPENAI_API_KEY</c>), read when <see cref="ApiKey"/> is empty.</summary>
    public string? ApiKeyVariable { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests in flight at once (captioning's parallelism).</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 2;

    [Range(1, 32)]
    public int MaxImagesPerRequest { get; set; } = 8;

    /// <summary>The longest side of an image sent, in pixels: photos are downscaled to a JPEG of at most this size.</summary>
    [Range(64, 4096)]
    public int ImageMaxSide { get; set; } = 768;

    [Range(16, 32768)]
    public int MaxTokens { get; set; } = 512;

    /// <summary>Requests this capability may send per minute, all callers together.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 30;

    /// <summary>The capability's name as the admin page and errors say it.</summary>
    public abstract string Capability { get; }

    /// <summary>The key from configuration or the named environment variable; null where none is set.</summary>
    public string? ResolveApiKey() =>
        !string.IsNullOrWhiteSpace(ApiKey) ? ApiKey
        : !string.IsNullOrWhiteSpace(ApiKeyVariable) ? Environment.GetEnvironmentVariable(ApiKeyVariable)
        : null;

    /// <summary>What is wrong with an enabled section, or null.</summary>
    public string? Problem() => !Enabled ? null
        : string.IsNullOrWhiteSpace(Model) ? $"Answers:{Capability}:Model is required when the capability is enabled."
        : Endpoint is null && Provider != AnswerProviderKind.OpenAI ? $"Answers:{Capability}:Endpoint is required for the {Provider} provider."
        : Endpoint is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") } ? $"Answers:{Capability}:Endpoint must be an http(s) URL."
        : null;

    /// <summary>The connection the adapter uses; only for an enabled, valid section.</summary>
    public ProviderConnection ToConnection() => new(Provider, Endpoint, Model!, ResolveApiKey(), Timeout);

    /// <summary>Never the key.</summary>
    public override string ToString() => Enabled ? $"{Capability}: {Provider} {Endpoint} {Model}" : $"{Capability}: off";
}
