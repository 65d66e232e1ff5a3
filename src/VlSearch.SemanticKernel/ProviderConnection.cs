namespace VlSearch.SemanticKernel;

/// <summary>Where and how to reach one model: kind, endpoint, model (or Azure deployment), key and time limit.</summary>
public sealed record ProviderConnection(AnswerProviderKind Kind, Uri? Endpoint, string Model, string? ApiKey, TimeSpan Timeout)
{
    /// <summary>The endpoint requests go to: the configured one, else OpenAI's.</summary>
    public Uri EffectiveEndpoint => Endpoint ?? new Uri("https://api.openai.com/v1/");

    /// <summary>Never the key: this is what logs and pages may show.</summary>
    public override string ToString() => $"{Kind} {EffectiveEndpoint} model {Model}";
}
