namespace VlSearch.SemanticKernel;

/// <summary>Which kind of service a capability talks to; all speak the OpenAI chat and image wire format.</summary>
public enum AnswerProviderKind
{
    /// <summary>api.openai.com (or the configured endpoint), key as a bearer token.</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource: the endpoint is the resource, the model is the deployment name, key in <c>api-key</c>.</summary>
    AzureOpenAI,

    /// <summary>Any server with the OpenAI API (Ollama, llama.cpp server, vLLM, LM Studio): endpoint required, key optional.</summary>
    OpenAICompatible,
}
