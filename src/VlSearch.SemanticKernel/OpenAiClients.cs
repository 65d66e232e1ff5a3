using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using OpenAI;

namespace VlSearch.SemanticKernel;

/// <summary>Builds the OpenAI SDK client Semantic Kernel's connector runs on, pointed at the configured endpoint.</summary>
internal static class OpenAiClients
{
    // Local servers need no key, but the SDK needs a credential; the placeholder is stripped before sending.
    private const string NoKey = "no-key";

    public static OpenAIClient Create(ProviderConnection connection, HttpClient? httpClient)
    {
        var key = string.IsNullOrWhiteSpace(connection.ApiKey) ? NoKey : connection.ApiKey;
        if (connection.Kind == AnswerProviderKind.AzureOpenAI)
        {
            var azure = new AzureOpenAIClientOptions { NetworkTimeout = NetworkTimeout(connection), RetryPolicy = new ClientRetryPolicy(0) };
            if (httpClient is not null)
            {
                azure.Transport = new HttpClientPipelineTransport(httpClient);
            }

            return new AzureOpenAIClient(connection.Endpoint ?? throw new ArgumentException("Azure OpenAI needs an endpoint (the resource URL)."), new ApiKeyCredential(key), azure);
        }

        var options = new OpenAIClientOptions
        {
            Endpoint = connection.EffectiveEndpoint,
            NetworkTimeout = NetworkTimeout(connection),

            // Retries belong to the caller (captioning backs off per photo honouring Retry-After); a question fails fast.
            RetryPolicy = new ClientRetryPolicy(0),
        };
        if (httpClient is not null)
        {
            options.Transport = new HttpClientPipelineTransport(httpClient);
        }

        if (key == NoKey)
        {
            options.AddPolicy(new NoAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        return new OpenAIClient(new ApiKeyCredential(key), options);
    }

    // The caller's own timeout (a cancellation) is what fires; the SDK's is only a backstop.
    private static TimeSpan NetworkTimeout(ProviderConnection connection) => connection.Timeout * 2 + TimeSpan.FromSeconds(5);
}
